namespace Exactly.Bot.Alerts;

/// <summary>How close a wallet is to liquidation, from safe to liquidatable. Ordered: a higher value is worse.</summary>
public enum HealthTier
{
    /// <summary>Above every threshold (or no debt).</summary>
    Safe = 0,

    /// <summary>Below the warning threshold (default health factor 1.25).</summary>
    Warning = 1,

    /// <summary>Below the danger threshold (default 1.10).</summary>
    Danger = 2,

    /// <summary>Collateral below debt (health factor under 1.0): anyone may liquidate the wallet now.</summary>
    Liquidatable = 3,
}
