using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Quotes;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>The article's cross-asset example on a 0.2.15 devnet: short ETH with USDC, ETH falls, then deleverage to 1x.</summary>
public sealed partial class CrossAssetQuoteTests(QuoteFixture fixture, ITestOutputHelper output) : IClassFixture<QuoteFixture>
{
    static readonly BigInteger Usdc = BigInteger.Pow(10, 6);
    static readonly BigInteger Wad = Units.Wad;

    [Fact]
    public async Task ShortEth2xWith1000Usdc_MatchesOnChain_GainsWhenEthFalls_ThenDeleveragesTo1x()
    {
        var account = fixture.Devnet.Accounts[7];
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        await fixture.Devnet.MintAsync(usdc.Asset, account, 1_000 * Usdc);

        var outcome = await fixture.Cross.QuoteAsync(account, usdc, weth, 1_000 * Usdc, 2 * Wad, deleverage: false);
        Assert.True(outcome.IsSuccess, outcome.Error);
        var quote = outcome.Value!;
        output.WriteLine($"quote: deposit {quote.DepositAfter}, borrow {quote.BorrowAfter}, swap {quote.SwapIn}→{quote.SwapOut}, fee {quote.Fee}, cost {quote.SwapCost}, HF {quote.HealthFactorAfter}, +10% {quote.HealthFactorIfBorrowUp10}, liq {quote.LiquidationPrice}");
        Assert.Equal(500, quote.Fee);
        Assert.True(quote.NeedsEnterMarket);
        Assert.InRange(quote.DepositAfter, 2_000 * Usdc - 1, 2_000 * Usdc);
        Assert.InRange((double)quote.BorrowAfter / 1e18, 0.333, 0.335);
        Assert.InRange((double)quote.HealthFactorAfter!.Value / 1e18, 1.5, 1.6);
        Assert.True(quote.HealthFactorIfBorrowUp10 < quote.HealthFactorAfter);
        // Liquidation when ETH is worth about HF × 3000 USDC.
        Assert.InRange((double)quote.LiquidationPrice / 1e18, 4_500, 4_800);

        await fixture.SendAsync(account, fixture.Deployment.Auditor, AuditorAbi.EnterMarket, usdc.Market);
        await fixture.SendAsync(account, usdc.Asset, Erc20Abi.Approve, fixture.Deployment.DebtManager, 1_000 * Usdc);
        await fixture.SendAsync(account, weth.Market, Erc20Abi.Approve, fixture.Deployment.DebtManager, quote.ShareAllowance);
        var receipt = await fixture.SendAsync(account, fixture.Deployment.DebtManager, DebtManagerAbi.CrossLeverage,
            usdc.Market, weth.Market, quote.Fee, 1_000 * Usdc, quote.Ratio, quote.SqrtPriceLimitX96);
        output.WriteLine($"crossLeverage gas {receipt.GasUsed}");
        var deposit = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account);
        var debt = await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, account);
        Assert.InRange(deposit, quote.DepositAfter - 1, quote.DepositAfter);
        // The pool may move by interest-free rounding only; the debt accrues a block of interest at most.
        Assert.InRange(debt, quote.BorrowAfter, quote.BorrowAfter + (quote.BorrowAfter / 100_000));

        var netBefore = NetUsd(deposit, debt, 3_000);
        await fixture.Devnet.SetPriceAsync("WETH", 2_700m);
        var netAfter = NetUsd(deposit, await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, account), 2_700);
        output.WriteLine($"net value in USDC: {netBefore:0.00} → {netAfter:0.00} after ETH −10%");
        Assert.True(netAfter > netBefore + 30, "a short on ETH gains when ETH falls");

        // Only the feed moved; the pool still prices ETH at 3,000. A swap's price limit is bounded by the oracle too (1 %), so
        // buying ETH back at the pool's 3,000 against a 2,700 feed would revert (SPL): put the feed back in line with the pool.
        var atOracle2700 = await fixture.Cross.QuoteAsync(account, usdc, weth, BigInteger.Zero, Wad, deleverage: true);
        Assert.True(atOracle2700.IsSuccess, atOracle2700.Error);
        var buyWeth = UniswapPool.IsToken0(usdc.Asset, weth.Asset);
        Assert.True(buyWeth ? atOracle2700.Value!.SqrtPriceLimitX96 > atOracle2700.Value.SqrtPriceX96 : atOracle2700.Value!.SqrtPriceLimitX96 < atOracle2700.Value.SqrtPriceX96);
        await fixture.Devnet.SetPriceAsync("WETH", 3_000m);
        var back = await fixture.Cross.QuoteAsync(account, usdc, weth, BigInteger.Zero, Wad, deleverage: true);
        Assert.True(back.IsSuccess, back.Error);
        var down = back.Value!;
        Assert.Equal(BigInteger.Zero, down.BorrowAfter);
        await fixture.SendAsync(account, usdc.Market, Erc20Abi.Approve, fixture.Deployment.DebtManager, down.ShareAllowance);
        receipt = await fixture.SendAsync(account, fixture.Deployment.DebtManager, DebtManagerAbi.CrossDeleverage,
            usdc.Market, weth.Market, down.Fee, BigInteger.Zero, down.Ratio, down.SqrtPriceLimitX96);
        output.WriteLine($"crossDeleverage gas {receipt.GasUsed}; quoted deposit after {down.DepositAfter}");
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, account));
        var left = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account);
        Assert.InRange(left, down.DepositAfter - (down.DepositAfter / 10_000), down.DepositAfter + 1);
    }

    [Fact]
    public async Task CrossLeverage_AboveMax_StatesTheMax()
    {
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        var outcome = await fixture.Cross.QuoteAsync(fixture.Devnet.Accounts[8], usdc, weth, 1_000 * Usdc, 20 * Wad, deleverage: false);
        Assert.Matches(@"above the maximum of \d+(\.\d+)?x for USDC/WETH \(health factor floor 1\.05\)", outcome.Error);
    }

    static double NetUsd(BigInteger usdcUnits, BigInteger wethWei, double ethPrice) => ((double)usdcUnits / 1e6) - ((double)wethWei / 1e18 * ethPrice);
}
