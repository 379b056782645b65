using System.Numerics;

namespace Exactly.Bot.Alerts;

/// <summary>
/// Latched, two-reading alert tiers (HEALTH.md, "What alert users expect"; PLATFORMS.md, Optimism): a wallet enters a worse
/// tier only when two readings at different blocks are both in it; the alert fires once on entering and not again while it
/// stays; the tier re-arms only when two readings in a row are above its threshold plus the margin, and leaving the last
/// tier is a recovery. A failed read is never a reading: callers pass only values the contracts returned at a block.
/// </summary>
public static class TierRules
{
    /// <summary>Applies one reading (adjusted collateral and debt, USD WAD, at <paramref name="block"/> sealed at <paramref name="timestamp"/>).</summary>
    public static TierTransition Observe(TierState state, AlertThresholds thresholds, long block, long timestamp, BigInteger collateral, BigInteger debt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (state.LastBlock == block)
        {
            // The same block again (a head that did not move, or went backwards and came back): not a second reading.
            return new TierTransition(state, TierChange.None, state.Latched, 0);
        }

        var tier = thresholds.Classify(collateral, debt);
        var clearOf = thresholds.Classify(collateral, debt, thresholds.RearmMargin);
        var confirmed = state.LastBlock is null ? HealthTier.Safe : Min(tier, state.LastTier);
        var confirmedClear = state.LastBlock is null ? state.Latched : Max(clearOf, state.LastClearOf);
        var next = state with { LastBlock = block, LastTier = tier, LastClearOf = clearOf };

        if (confirmed > state.Latched)
        {
            return new TierTransition(next with { Latched = confirmed, LatchedSince = state.LatchedSince ?? timestamp }, TierChange.Entered, confirmed, 0);
        }

        if (state.Latched > HealthTier.Safe && confirmedClear < state.Latched)
        {
            // Clearly out of the latched tier twice in a row: re-arm it (and every tier above the readings).
            if (confirmedClear == HealthTier.Safe)
            {
                return new TierTransition(
                    next with { Latched = HealthTier.Safe, LatchedSince = null }, TierChange.Recovered, state.Latched, timestamp - (state.LatchedSince ?? timestamp));
            }

            return new TierTransition(next with { Latched = confirmedClear }, TierChange.None, confirmedClear, 0);
        }

        return new TierTransition(next, TierChange.None, state.Latched, 0);
    }

    /// <summary>
    /// True when the next reading can change what is latched (an alert, a recovery or a re-arm); false when only its tier and
    /// clear-of tier are recorded, so a reading that is right about every threshold's side is enough (the health engine may
    /// screen it). A first reading never changes anything: two readings make a crossing.
    /// </summary>
    public static bool CanChange(TierState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LastBlock is not null && (state.LastTier > state.Latched || (state.Latched > HealthTier.Safe && state.LastClearOf < state.Latched));
    }

    private static HealthTier Min(HealthTier a, HealthTier b) => a < b ? a : b;

    private static HealthTier Max(HealthTier a, HealthTier b) => a > b ? a : b;
}
