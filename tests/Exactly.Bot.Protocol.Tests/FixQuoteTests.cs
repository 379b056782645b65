using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;
using Xunit.Abstractions;
using static Exactly.Bot.Protocol.Tests.PositionWorld;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>The fix an alert links, quoted from a position snapshot and executed on a 0.2.15 devnet.</summary>
public sealed class FixQuoteTests(QuoteFixture fixture, ITestOutputHelper output) : FixScenarios(fixture, output), IClassFixture<QuoteFixture>;

/// <summary>The same on the current generation (0.2.24 artifacts, AllowanceSurplus rule).</summary>
public sealed class CurrentGenerationFixQuoteTests(CurrentQuoteFixture fixture, ITestOutputHelper output) : FixScenarios(fixture, output), IClassFixture<CurrentQuoteFixture>;

/// <summary>Scenarios shared by both generations.</summary>
public abstract class FixScenarios(QuoteFixture fixture, ITestOutputHelper output)
{
    private static readonly byte[] DemoKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly BigInteger Target = Units.Wad * 3 / 2;

    [Fact]
    public async Task Fix_SameAssetAt115_DeleverageSignedAndMined_LeavesHealthAtLeastTheTarget()
    {
        var f = fixture;
        var usdc = await f.MarketAsync("USDC");
        var account = f.Devnet.DemoWallet;
        await f.OnSnapshotAsync(async () =>
        {
            // 0.91² · r / (r − 1) = 1.15 at r ≈ 3.57x.
            await f.OpenSameAssetAsync(account, usdc, 100 * Usdc, Units.Wad * 357 / 100);
            var position = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            Assert.InRange(position.HealthFactor!.Value, Units.Wad * 114 / 100, Units.Wad * 116 / 100);

            var outcome = await new FixQuoter(f.Deleverage).QuoteAsync(position, Target);
            Assert.True(outcome.IsSuccess, outcome.Error);
            var fix = outcome.Value!;
            output.WriteLine($"HF {position.HealthFactor} → fix {fix.Kind} to ratio {fix.Ratio}, repay {fix.RepayAssets}, HF after {fix.HealthFactorAfter}");
            Assert.Equal(FixKind.Deleverage, fix.Kind);
            Assert.True(fix.HealthFactorAfter >= Target);
            Assert.NotNull(fix.Deleverage);

            var (plan, guard) = await f.PlanAsync(new Operation(OperationKind.Deleverage, usdc, account, BigInteger.Zero, fix.Ratio));
            var signed = plan.Permits.Select(p => new SignedPermit(account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
            var transaction = DebtManagerCalls.Deleverage(f.Deployment.DebtManager, plan, signed[0]);
            Assert.True(guard.CheckTransaction(transaction, plan).IsSuccess);
            await f.Devnet.IncreaseTimeAsync(TimeSpan.FromMinutes(1));
            Assert.True((await f.Devnet.SendAsync(transaction)).Succeeded);

            var (collateral, debt) = await f.LiquidityAsync(account);
            output.WriteLine($"on chain after: HF {collateral * Units.Wad / debt}");
            Assert.True(collateral * Units.Wad >= Target * debt, $"HF {collateral * Units.Wad / debt} below the target");
            // Not much above it either: the fix deleverages only as far as needed (within 1 %).
            Assert.True(collateral * Units.Wad < Target * 101 / 100 * debt);
        });
    }

    [Fact]
    public async Task Fix_WethCollateralUsdcDebt_IsARepay_ThatLeavesHealthAtLeastTheTarget()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[5];
        await f.OnSnapshotAsync(async () =>
        {
            // 2,580 adjusted collateral / 1.15 = 2,243 adjusted debt = 2,041 USDC.
            await f.OpenAsync(account, weth, Weth, usdc, 2_041 * Usdc);
            var position = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            var fix = (await new FixQuoter(f.Deleverage).QuoteAsync(position, Target)).Value!;
            output.WriteLine($"HF {position.HealthFactor} → repay {fix.RepayAssets} {fix.Market.Symbol}, HF after {fix.HealthFactorAfter}");
            Assert.Equal(FixKind.Repay, fix.Kind);
            Assert.Equal("USDC", fix.Market.Symbol);
            Assert.True(fix.ReachesTarget);

            await f.Devnet.MintAsync(usdc.Asset, account, fix.RepayAssets);
            await f.SendAsync(account, usdc.Asset, Erc20Abi.Approve, usdc.Market, fix.RepayAssets);
            await f.SendAsync(account, usdc.Market, MarketAbi.Repay, fix.RepayAssets, account);
            var (collateral, debt) = await f.LiquidityAsync(account);
            Assert.True(collateral * Units.Wad >= Target * debt, $"HF {collateral * Units.Wad / debt} below the target");
        });
    }

    [Fact]
    public async Task Fix_AUsedMarketPaused_IsRefusedAsMarketPaused()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[6];
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(account, weth, Weth, usdc, 2_041 * Usdc);
            await f.PauseAsync(weth);
            var outcome = await new FixQuoter(f.Deleverage).QuoteAsync((await f.Reader().ReadAsync(account, await f.HeadAsync()))!, Target);
            Assert.Equal(QuoteRefusalReason.MarketPaused, outcome.Refusal?.Reason);
            Assert.Equal("WETH", outcome.Refusal!.Market.Symbol);
            Assert.Contains("paused", outcome.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Fix_HealthAboveTarget_IsRefusedAsAlreadyAtTarget()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[7];
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(account, weth, Weth, usdc, 1_000 * Usdc);
            var outcome = await new FixQuoter(f.Deleverage).QuoteAsync((await f.Reader().ReadAsync(account, await f.HeadAsync()))!, Target);
            Assert.Equal(QuoteRefusalReason.AlreadyAtTarget, outcome.Refusal?.Reason);
        });
    }
}
