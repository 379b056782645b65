using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Tests;

/// <summary>Latched two-reading tiers, checked on sequences of health factors (debt fixed at 1 USD, collateral = HF).</summary>
public sealed class TierRulesTests
{
    long block = 100;

    TierState state = TierState.Initial;

    [Fact]
    public void Readings_DropThroughTiersThenBack_AlertOncePerTierAndRecoverOnce()
    {
        var changes = Feed(1.30m, 1.30m, 1.17m, 1.17m, 1.17m, 1.04m, 1.04m, 1.04m, 1.30m, 1.31m, 1.30m, 1.17m, 1.16m);

        Assert.Equal(
            ["Entered Warning", "Entered Danger", "Recovered Danger", "Entered Warning"],
            changes);
    }

    [Fact]
    public void Readings_OneReadBelow_NeverFires()
    {
        Assert.Empty(Feed(1.30m, 1.00m, 1.30m, 0.90m, 1.30m));
    }

    [Fact]
    public void Readings_SameBlockTwice_CountsOnce()
    {
        Assert.Empty(Feed(1.30m));
        Assert.Equal(TierChange.None, Observe(1.20m, sameBlock: false).Change);
        Assert.Equal(TierChange.None, Observe(1.20m, sameBlock: true).Change);
        Assert.Equal(TierChange.Entered, Observe(1.20m, sameBlock: false).Change);
    }

    [Fact]
    public void Readings_FlappingAcrossTheLineWithinTheMargin_FireOnceAndNeverRecover()
    {
        var changes = Feed(1.24m, 1.24m, 1.26m, 1.27m, 1.24m, 1.24m, 1.29m, 1.26m, 1.24m, 1.24m);

        Assert.Equal(["Entered Warning"], changes);
        Assert.Equal(HealthTier.Warning, state.Latched);
    }

    [Fact]
    public void Readings_CollateralBelowDebt_EnterLiquidatable_AndRecoveryTellsHowLongItLasted()
    {
        var entered = Feed(0.99m, 0.99m);
        var firstAbove = Observe(1.5m);
        var recovered = Observe(1.5m);

        Assert.Equal(["Entered Liquidatable"], entered);
        Assert.Equal(TierChange.None, firstAbove.Change);
        Assert.Equal(TierChange.Recovered, recovered.Change);
        Assert.Equal(HealthTier.Liquidatable, recovered.Tier);
        // Entered at the second reading (block 102, 2 s blocks), recovered at block 104.
        Assert.Equal(4, recovered.Lasted);
    }

    [Fact]
    public void Readings_DangerImprovesToWarning_RearmsDangerWithoutAMessage()
    {
        var changes = Feed(1.05m, 1.05m, 1.20m, 1.20m, 1.05m, 1.05m);

        Assert.Equal(["Entered Danger", "Entered Danger"], changes);
    }

    [Fact]
    public void Readings_NoDebt_AreSafe()
    {
        var transition = TierRules.Observe(TierState.Initial, AlertThresholds.Default, 1, 2, BigInteger.Zero, BigInteger.Zero);

        Assert.Equal(HealthTier.Safe, transition.State.LastTier);
    }

    List<string> Feed(params decimal[] healthFactors)
    {
        var changes = new List<string>();
        foreach (var hf in healthFactors)
        {
            var transition = Observe(hf);
            if (transition.Change != TierChange.None)
                changes.Add($"{transition.Change} {transition.Tier}");
        }

        return changes;
    }

    TierTransition Observe(decimal healthFactor, bool sameBlock = false)
    {
        if (!sameBlock)
            block++;
        var collateral = new BigInteger(healthFactor * 1_000_000m) * Units.Wad / 1_000_000;
        var transition = TierRules.Observe(state, AlertThresholds.Default, block, block * 2, collateral, Units.Wad);
        state = transition.State;
        return transition;
    }
}
