namespace Exactly.Bot.Alerts;

/// <summary>
/// What the alert rules remember of one wallet between blocks (stored with the wallet, committed with the alerts it causes).
/// </summary>
/// <param name="Latched">The worst tier already alerted and not yet re-armed.</param>
/// <param name="LatchedSince">When the wallet entered <paramref name="Latched"/> (Unix seconds of the block), null when safe.</param>
/// <param name="LastBlock">The block of the previous reading, null before the first.</param>
/// <param name="LastTier">The tier of the previous reading.</param>
/// <param name="LastClearOf">The tier the previous reading was clearly out of (its threshold plus the re-arm margin).</param>
public sealed record TierState(HealthTier Latched, long? LatchedSince, long? LastBlock, HealthTier LastTier, HealthTier LastClearOf)
{
    /// <summary>A wallet nobody has read yet.</summary>
    public static TierState Initial { get; } = new(HealthTier.Safe, null, null, HealthTier.Safe, HealthTier.Safe);
}
