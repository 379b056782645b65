using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Quotes;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>The articles' same-asset examples on a 0.2.15 devnet: each as a quote, then executed, the chain matching the quote.</summary>
public sealed class SameAssetQuoteTests(QuoteFixture fixture, ITestOutputHelper output) : SameAssetScenarios(fixture, output), IClassFixture<QuoteFixture>;

/// <summary>The same scenarios on a current-generation devnet (0.2.24 artifacts): what mainnet users meet today.</summary>
public sealed class CurrentGenerationSameAssetTests(CurrentQuoteFixture fixture, ITestOutputHelper output) : SameAssetScenarios(fixture, output), IClassFixture<CurrentQuoteFixture>
{
    [Fact]
    public async Task CrossAsset_IsNotOfferedByThisDeployment()
    {
        var f = Fixture;
        var outcome = await f.Cross.QuoteAsync(f.Devnet.Accounts[8], await f.MarketAsync("USDC"), await f.MarketAsync("WETH"), 1_000_000_000, 2 * Units.Wad, deleverage: false);
        Assert.Contains("is not offered by this deployment", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(QuoteRefusalReason.CrossAssetNotOffered, outcome.Refusal?.Reason);
        Assert.False(outcome.Refusal!.IsDeleverage);
        Assert.Equal("USDC/WETH", outcome.Refusal.Pair);
    }
}

/// <summary>Scenarios shared by both generations.</summary>
public abstract class SameAssetScenarios(QuoteFixture fixture, ITestOutputHelper output)
{
    protected QuoteFixture Fixture => fixture;

    static readonly BigInteger Usdc = BigInteger.Pow(10, 6);
    static readonly BigInteger Wad = Units.Wad;
    // Interest accrued between the quote's block and the transaction's (a few seconds on a few hundred USDC): a few units of 1e-6.
    static readonly BigInteger Margin = 100;

    [Fact]
    public async Task Leverage100UsdcAt3x_Quotes300And200_AndTheChainMatches()
    {
        var account = fixture.Devnet.Accounts[3];
        var usdc = await fixture.MarketAsync("USDC");
        var quote = (await fixture.Leverage.QuoteAsync(account, usdc, 100 * Usdc, 3 * Wad)).Value!;
        Assert.Equal(300 * Usdc, quote.DepositAfter);
        Assert.Equal(200 * Usdc, quote.BorrowAfter);
        Assert.True(quote.FlashLoan <= quote.VaultLiquidity);

        await fixture.OpenSameAssetAsync(account, usdc, 100 * Usdc, 3 * Wad);
        Assert.InRange(await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account), 300 * Usdc - 1, 300 * Usdc);
        Assert.InRange(await fixture.ReadAsync(usdc.Market, MarketAbi.PreviewDebt, account), 200 * Usdc, 200 * Usdc + Margin);
    }

    [Fact]
    public async Task Deleverage4xTo1x_Quotes100Deposited_AndTheChainMatches()
    {
        var account = fixture.Devnet.Accounts[4];
        var usdc = await fixture.MarketAsync("USDC");
        await fixture.OpenSameAssetAsync(account, usdc, 100 * Usdc, 4 * Wad);

        var outcome = await fixture.Deleverage.QuoteAsync(new DeleverageRequest(account, usdc, Wad, BigInteger.Zero, WithdrawAll: false));
        Assert.True(outcome.IsSuccess, outcome.Error);
        var quote = outcome.Value!;
        Assert.Equal(DeleverageKind.DebtManager, quote.Kind);
        Assert.InRange(quote.DepositAfter, 100 * Usdc - Margin, 100 * Usdc);
        Assert.Equal(BigInteger.Zero, quote.BorrowAfter);
        Assert.InRange(quote.Repay, 300 * Usdc, 300 * Usdc + Margin);
        Assert.Null(quote.HealthFactorAfter);

        await fixture.SendAsync(account, usdc.Market, Erc20Abi.Approve, fixture.Deployment.DebtManager, quote.MarketShareAllowance);
        var receipt = await fixture.SendAsync(account, fixture.Deployment.DebtManager, DebtManagerAbi.Deleverage, usdc.Market, quote.Withdraw, quote.Ratio);
        output.WriteLine($"deleverage 4x→1x gas {receipt.GasUsed}; quoted deposit after {quote.DepositAfter}");
        var deposit = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account);
        Assert.InRange(deposit, quote.DepositAfter - Margin, quote.DepositAfter);
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(usdc.Market, MarketAbi.PreviewDebt, account));
        // The share allowance covered the repay with at most the 1 bp margin (+ rounding) left: well under 0.2.16's 1 % rule.
        var left = await fixture.ReadAsync(usdc.Market, Erc20Abi.Allowance, account, fixture.Deployment.DebtManager);
        Assert.True(left * 100 <= quote.MarketShareAllowance, $"{left} of {quote.MarketShareAllowance} shares left");
    }

    [Fact]
    public async Task Deleverage4xTo1xWithdrawingAll_LeavesNothing_And100UsdcBackInTheWallet()
    {
        var account = fixture.Devnet.Accounts[5];
        var usdc = await fixture.MarketAsync("USDC");
        await fixture.OpenSameAssetAsync(account, usdc, 100 * Usdc, 4 * Wad);
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(usdc.Asset, Erc20Abi.BalanceOf, account));

        var quote = (await fixture.Deleverage.QuoteAsync(new DeleverageRequest(account, usdc, 4 * Wad, BigInteger.Zero, WithdrawAll: true))).Value!;
        Assert.True(quote.WithdrawAll);
        Assert.Equal(Wad, quote.Ratio);
        Assert.Equal(BigInteger.Zero, quote.DepositAfter);
        Assert.InRange(quote.ToWallet, 100 * Usdc - Margin, 100 * Usdc);
        Assert.Equal(quote.ToWallet - quote.Haircut, quote.Withdraw);
        Assert.Equal(3, quote.Steps.Count);

        // Mine a minute later than quoted: the exact principal would now revert; the haircut + final redeem does not.
        await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromSeconds(60));
        await fixture.SendAsync(account, usdc.Market, Erc20Abi.Approve, fixture.Deployment.DebtManager, quote.MarketShareAllowance);
        await fixture.SendAsync(account, fixture.Deployment.DebtManager, DebtManagerAbi.Deleverage, usdc.Market, quote.Withdraw, quote.Ratio);
        var shares = await fixture.ReadAsync(usdc.Market, Erc20Abi.BalanceOf, account);
        await fixture.SendAsync(account, usdc.Market, MarketAbi.Redeem, shares, account, account);

        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account));
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(usdc.Market, MarketAbi.PreviewDebt, account));
        var wallet = await fixture.ReadAsync(usdc.Asset, Erc20Abi.BalanceOf, account);
        output.WriteLine($"wallet after exit {wallet} (quoted {quote.ToWallet})");
        Assert.InRange(wallet, 100 * Usdc - (10 * Margin), 100 * Usdc);
    }

    [Fact]
    public async Task Deleverage_NoDebt_IsAPlainWithdraw_AndNoPositionIsRefused()
    {
        var account = fixture.Devnet.Accounts[6];
        var usdc = await fixture.MarketAsync("USDC");
        var none = await fixture.Deleverage.QuoteAsync(new DeleverageRequest(account, usdc, Wad, BigInteger.Zero, false));
        Assert.Contains("no USDC position", none.Error, StringComparison.Ordinal);

        await fixture.Devnet.MintAsync(usdc.Asset, account, 50 * Usdc);
        await fixture.SendAsync(account, usdc.Asset, Erc20Abi.Approve, usdc.Market, 50 * Usdc);
        await fixture.SendAsync(account, usdc.Market, DepositFunction, 50 * Usdc, account);
        var all = (await fixture.Deleverage.QuoteAsync(new DeleverageRequest(account, usdc, Wad, BigInteger.Zero, true))).Value!;
        Assert.Equal(DeleverageKind.MarketWithdraw, all.Kind);
        var tooMuch = await fixture.Deleverage.QuoteAsync(new DeleverageRequest(account, usdc, Wad, 51 * Usdc, false));
        // Share price is above 1 once earlier tests paid interest: 50 deposited reads back as 49.999999.
        Assert.Matches(@"at most (50|49\.9999\d*) USDC", tooMuch.Error);
    }

    [Fact]
    public async Task Probe_FindsWhatTheDebtManagerOffers()
    {
        var features = await fixture.Probe.GetAsync();
        var current = fixture.Generation == Devnet.ProtocolGeneration.Current;
        Assert.Equal(!current, features.CrossAsset);
        Assert.Equal(current, features.AllowanceSurplusRule);
        Assert.Equal(fixture.Devnet.Deployment.BalancerVault, features.BalancerVault);
    }

    [Fact]
    public async Task MarketReader_ReadsEveryListedMarket_WithThisGenerationsPreviewer()
    {
        using var probe = new DebtManagerProbe(fixture.Devnet.Rpc, fixture.Deployment);
        var reader = new Markets.MarketReader(fixture.Devnet.Rpc, fixture.Deployment, fixture.Catalogue, probe);
        var (markets, _, _) = await reader.ReadAsync(fixture.Devnet.Accounts[3]);
        Assert.Equal(["USDC", "WETH", "wstETH"], markets.Select(m => m.Market.Symbol));
        Assert.Equal(Wad, markets[0].Price);
        Assert.True(markets[0].Liquidity > 0);
        Assert.InRange((double)markets[0].MaxLeverage / 1e18, 5.31, 5.32);
    }

    static readonly Ethereum.Abi.AbiFunction DepositFunction = Ethereum.Abi.AbiFunction.Parse("deposit(uint256,address) returns (uint256)");
}
