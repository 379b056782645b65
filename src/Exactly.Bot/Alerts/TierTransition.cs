namespace Exactly.Bot.Alerts;

/// <summary>What a reading changed, if anything, for the alert text.</summary>
public enum TierChange
{
    /// <summary>Nothing to tell.</summary>
    None,

    /// <summary>The wallet entered a worse tier on two readings in a row: alert.</summary>
    Entered,

    /// <summary>The wallet is clearly back above every tier on two readings in a row: recovery message.</summary>
    Recovered,
}

/// <summary>The outcome of one reading.</summary>
/// <param name="State">The state to store.</param>
/// <param name="Change">What to tell the user.</param>
/// <param name="Tier">For <see cref="TierChange.Entered"/> the tier entered; for <see cref="TierChange.Recovered"/> the worst tier it left.</param>
/// <param name="Lasted">For <see cref="TierChange.Recovered"/>: seconds from entering the first tier to the recovery.</param>
public sealed record TierTransition(TierState State, TierChange Change, HealthTier Tier, long Lasted);
