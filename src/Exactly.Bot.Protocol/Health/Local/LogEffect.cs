namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>What applying one log meant beyond account state.</summary>
public enum LogEffect
{
    /// <summary>Account state changed (or the log carries none).</summary>
    None,

    /// <summary>A market was listed: its address joins the log filter and takes the next index.</summary>
    MarketListed,

    /// <summary>A cached market value (adjust factor, price feed) changed: reload <c>Auditor.markets(m)</c>.</summary>
    MarketsChanged,

    /// <summary>A proxy was upgraded: the formulas must be re-validated before local results are trusted.</summary>
    Upgraded,

    /// <summary>A known event's data did not have its shape: the accounts it names are read from chain from now on.</summary>
    Refused,
}
