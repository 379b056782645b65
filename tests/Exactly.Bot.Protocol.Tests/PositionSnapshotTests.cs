using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Positions;
using Xunit.Abstractions;
using static Exactly.Bot.Protocol.Tests.PositionWorld;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>Position snapshots, liquidation prices and liquidations seen, on a 0.2.15 devnet.</summary>
public sealed class PositionSnapshotTests(QuoteFixture fixture, ITestOutputHelper output) : PositionScenarios(fixture, output), IClassFixture<QuoteFixture>
{
    [Fact]
    public async Task Snapshot_OnV0215_HasNoFreeze_FrozenIsNull()
    {
        var position = (await Fixture.Reader().ReadAsync(Fixture.Devnet.Accounts[6], await Fixture.HeadAsync()))!;
        Assert.All(position.Markets, m => Assert.Null(m.Frozen));
    }

    [Fact]
    public async Task MarketStatuses_OnV0215_HaveNoFreeze_FrozenIsNull()
    {
        var statuses = await Fixture.Reader().ReadMarketStatusesAsync(await Fixture.HeadAsync());
        Assert.Equal(3, statuses.Count);
        Assert.All(statuses, s => Assert.Equal((false, (bool?)null), (s.Paused, s.Frozen)));
    }
}

/// <summary>The same on a current-generation devnet (0.2.24 artifacts), where markets can be frozen.</summary>
public sealed class CurrentGenerationPositionTests(CurrentQuoteFixture fixture, ITestOutputHelper output) : PositionScenarios(fixture, output), IClassFixture<CurrentQuoteFixture>
{
    [Fact]
    public async Task Snapshot_OnCurrentGeneration_ReadsTheFreeze_False()
    {
        var position = (await Fixture.Reader().ReadAsync(Fixture.Devnet.Accounts[6], await Fixture.HeadAsync()))!;
        Assert.All(position.Markets, m => Assert.False(m.Frozen));
    }

    [Fact]
    public async Task MarketStatuses_UsdcFrozenByTheAdmin_FrozenOnlyThere()
    {
        var usdc = await Fixture.MarketAsync("USDC");
        await Fixture.OnSnapshotAsync(async () =>
        {
            await Fixture.SendAsync(Fixture.Devnet.Deployer, usdc.Market, SetFrozen, true);
            var statuses = await Fixture.Reader().ReadMarketStatusesAsync(await Fixture.HeadAsync());
            Assert.Equal(["USDC"], statuses.Where(s => s.Frozen == true).Select(s => s.Market.Symbol));
            Assert.All(statuses, s => Assert.False(s.Paused));
        });
    }

    static readonly Ethereum.Abi.AbiFunction SetFrozen = Ethereum.Abi.AbiFunction.Parse("setFrozen(bool)");
}

/// <summary>Scenarios shared by both generations.</summary>
public abstract class PositionScenarios(QuoteFixture fixture, ITestOutputHelper output)
{
    protected QuoteFixture Fixture => fixture;

    [Fact]
    public async Task Snapshot_CrossSameAssetAndFixedBorrows_EqualsAccountLiquidityToTheWei_BeforeAndAfterMaturity()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var (cross, lever, fixedBorrower, empty) = (f.Devnet.Accounts[3], f.Devnet.Accounts[4], f.Devnet.Accounts[5], f.Devnet.Accounts[6]);
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(cross, weth, Weth, usdc, 1_800 * Usdc);
            await f.OpenSameAssetAsync(lever, usdc, 100 * Usdc, 3 * Units.Wad);
            await f.OpenAsync(fixedBorrower, weth, 2 * Weth, usdc, 500 * Usdc);
            var maturity = await f.BorrowFixedAsync(fixedBorrower, usdc, 1_000 * Usdc);
            var accounts = new[] { cross, lever, fixedBorrower, empty };

            foreach (var warp in new[] { TimeSpan.Zero, TimeSpan.FromDays(30) })
            {
                await f.Devnet.IncreaseTimeAsync(warp);
                var block = await f.HeadAsync();
                var positions = await f.Reader().ReadAsync(accounts, block);
                Assert.Equal(accounts.Length, positions.Count);
                foreach (var account in accounts)
                {
                    var p = positions[account];
                    var (collateral, debt) = await f.LiquidityAsync(account, block.Pin);
                    output.WriteLine($"+{warp.TotalDays}d block {block.Number} {account}: collateral {p.Collateral} debt {p.Debt} hf {p.HealthFactor}");
                    Assert.Equal(collateral, p.Collateral);
                    Assert.Equal(debt, p.Debt);
                    foreach (var m in p.Markets)
                    {
                        // previewDebt = floating + Σ fixed (principal + fee) + Σ late penalties: each part read or derived separately.
                        var parts = m.FloatingDebt + m.FixedBorrows.Aggregate(BigInteger.Zero, (s, b) => s + b.Owed + b.PenaltyAt(block.Timestamp, m.PenaltyRate));
                        Assert.Equal(m.Debt, parts);
                    }
                }

                var fixedDebt = Assert.Single(positions[fixedBorrower].Markets.Single(m => m.Market.Symbol == "USDC").FixedBorrows);
                Assert.Equal(maturity, fixedDebt.Maturity);
                Assert.Equal(1_000 * Usdc, fixedDebt.Principal);
                Assert.True(fixedDebt.Fee > 0);
                Assert.Equal(warp > TimeSpan.Zero, block.Timestamp > maturity);
                Assert.Empty(positions[empty].Used);
                Assert.Null(positions[empty].HealthFactor);
            }
        });
    }

    [Fact]
    public async Task Reader_GasPerWalletWithPositions_FitsTheChunkingEstimate()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var accounts = f.Devnet.Accounts.Skip(3).ToArray();
        await f.OnSnapshotAsync(async () =>
        {
            foreach (var a in accounts)
            {
                // Floating only (a fixed borrow adds one fixedBorrowPositions call per wallet; measured alone, the same per call).
                await f.OpenAsync(a, weth, Weth, usdc, 200 * Usdc);
            }

            var markets = await f.Catalogue.GetMarketsAsync();
            var reader = f.Reader();
            async Task<long> GasAsync(Address[] wallets) => (long)await f.Devnet.Rpc.EstimateGasAsync(new TransactionRequest(
                f.Deployment.Multicall3, Multicall3.Encode(reader.Calls(markets, wallets).Select(c => c with { AllowFailure = true }).ToArray())));
            var (one, all) = (await GasAsync(accounts[..1]), await GasAsync(accounts));
            var perWallet = (all - one) / (accounts.Length - 1);
            var callsPerWallet = 1 + (2 * markets.Count);
            output.WriteLine($"{markets.Count} markets: aggregate3 gas for 1 wallet {one}, for {accounts.Length} {all}: {perWallet} per wallet ({perWallet / callsPerWallet} per call)");
            // The reader chunks by PositionReader.GasPerCall: a wallet with positions must cost less, or a chunk could pass the call cap.
            Assert.True(perWallet / callsPerWallet < PositionReader.GasPerCall, $"{perWallet / callsPerWallet} gas per call");
        });
    }

    [Fact]
    public async Task Snapshot_PausedUsdcMarket_SaysPaused_OnlyThere()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[7];
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(account, weth, Weth, usdc, 1_000 * Usdc);
            var before = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            Assert.Empty(before.Paused);
            await f.PauseAsync(usdc);
            var after = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            Assert.Equal("USDC", Assert.Single(after.Paused).Market.Symbol);
        });
    }

    [Fact]
    public async Task LiquidationPrice_WethFalling_AccountLiquidityFlipsExactlyAtTheFeedStep()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[8];
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(account, weth, Weth, usdc, 1_800 * Usdc);
            var position = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            // Both assets can liquidate it: WETH falling (collateral) and USDC rising (debt).
            Assert.Equal(["USDC", "WETH"], LiquidationPrices.For(position).Select(p => p.Market.Symbol).Order());
            var price = LiquidationPrices.For(position).Single(p => p.Market.Symbol == "WETH");
            Assert.True(price.Falling);
            output.WriteLine($"HF {position.HealthFactor}; WETH {price.Price} → {price.Threshold}: {price.MoveBasisPoints} bp ({price.MovePercent} %)");
            var step = BigInteger.Pow(10, 10); // the feed's 8 decimals in WAD
            var liquidating = price.Threshold / step;
            // Same block as the snapshot (a state override of the feed): interest accrued per second is ~300x one feed step.
            var safe = await f.LiquidityAtAnswerAsync(account, weth, liquidating + 1, position.Block);
            Assert.True(safe.Collateral >= safe.Debt, $"{safe} at {liquidating + 1}");
            var liquidatable = await f.LiquidityAtAnswerAsync(account, weth, liquidating, position.Block);
            Assert.True(liquidatable.Collateral < liquidatable.Debt, $"{liquidatable} at {liquidating}");
        });
    }

    [Fact]
    public async Task LiquidationPrice_UsdcDebtRising_AccountLiquidityFlipsExactlyAtTheFeedStep()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var account = f.Devnet.Accounts[9];
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(account, weth, Weth, usdc, 1_800 * Usdc);
            var position = (await f.Reader().ReadAsync(account, await f.HeadAsync()))!;
            var price = LiquidationPrices.For(position).Single(p => p.Market.Symbol == "USDC");
            Assert.False(price.Falling);
            Assert.True(price.MoveBasisPoints > 0);
            output.WriteLine($"USDC {price.Price} → {price.Threshold}: +{price.MoveBasisPoints} bp");
            var step = BigInteger.Pow(10, 10);
            var liquidating = (price.Threshold + step - 1) / step;
            var safe = await f.LiquidityAtAnswerAsync(account, usdc, liquidating - 1, position.Block);
            Assert.True(safe.Collateral >= safe.Debt);
            var liquidatable = await f.LiquidityAtAnswerAsync(account, usdc, liquidating, position.Block);
            Assert.True(liquidatable.Collateral < liquidatable.Debt);
        });
    }

    [Fact]
    public async Task LiquidationsSeen_ThirdPartyLiquidates_OnlyTheWatchedBorrowersEventIsReturned()
    {
        var f = fixture;
        var (usdc, weth) = (await f.MarketAsync("USDC"), await f.MarketAsync("WETH"));
        var (borrower, bystander, liquidator) = (f.Devnet.Accounts[8], f.Devnet.Accounts[9], f.Devnet.Lender);
        await f.OnSnapshotAsync(async () =>
        {
            await f.OpenAsync(borrower, weth, Weth, usdc, 1_800 * Usdc);
            await f.OpenAsync(bystander, weth, Weth, usdc, 100 * Usdc);
            var from = (await f.HeadAsync()).Number + 1;
            await f.SetAnswerAsync(weth, 2_000 * BigInteger.Pow(10, 8));
            await f.Devnet.MintAsync(usdc.Asset, liquidator, 1_000 * Usdc);
            await f.SendAsync(liquidator, usdc.Asset, Erc20Abi.Approve, usdc.Market, 1_000 * Usdc);
            await f.SendAsync(liquidator, usdc.Market, MarketAbi.Liquidate, borrower, 500 * Usdc, weth.Market);
            var to = (await f.HeadAsync()).Number;
            var reader = new LiquidationReader(f.Devnet.Rpc, f.Catalogue);

            var seen = Assert.Single(await reader.ReadAsync(from, to, [bystander, borrower]));
            Assert.Equal(borrower, seen.Borrower);
            Assert.Equal(liquidator, seen.Receiver);
            Assert.Equal("USDC", seen.Market.Symbol);
            Assert.Equal("WETH", seen.SeizeMarket?.Symbol);
            Assert.InRange(seen.RepaidAssets, 1, 500 * Usdc);
            Assert.True(seen.SeizedAssets > 0);
            Assert.Equal(to, seen.Block);
            Assert.Empty(await reader.ReadAsync(from, to, [bystander, liquidator]));
            Assert.Empty(await reader.ReadAsync(from - 5, from - 1, [borrower]));
        });
    }
}
