namespace Exactly.Bot.Alerts;

/// <summary>A change of a market's pause or freeze that its users are told about once.</summary>
public enum MarketChange
{
    /// <summary>Paused: repay, deleverage and liquidation revert there; a fix cannot be sent.</summary>
    Paused,

    /// <summary>The pause was lifted.</summary>
    Unpaused,

    /// <summary>Frozen (current generation only): no new deposits or borrows; repaying works.</summary>
    Frozen,

    /// <summary>The freeze was lifted.</summary>
    Unfrozen,
}
