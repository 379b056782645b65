using System.Diagnostics;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Exactly.Bot.Signing.Tests;

/// <summary>
/// PROTOCOL.md's cross-asset example through the page, on the SAME devnet and bot as the same-asset flows (a partial of
/// <see cref="LeverageFlowTests"/>, so no third fixture starts): 1,000 USDC crossLeverage 2x borrowing WETH (a short on ETH), with
/// the enterMarket step before the one DebtManager transaction, then crossDeleverage to 1x.
/// </summary>
public sealed partial class LeverageFlowTests
{
    [Fact]
    public async Task ShortEth2xWith1000Usdc_EnterMarketStepThenOneTx_MatchesTheQuote_ThenCrossDeleverageTo1x_RepaysAllWeth_AndLeavesNoAllowance()
    {
        var watch = Stopwatch.StartNew();
        const int user = 6;
        var wallet = await FundedWalletAsync(user, 1_000);
        var (usdc, weth) = (await MarketAsync("USDC"), await MarketAsync("WETH"));
        var reply = await fixture.AskAsAsync(user, "/short ETH 2x with 1000 USDC");
        Assert.False(reply.IsError, reply.Text);
        Assert.Matches(@"First\s+enable USDC as collateral", reply.Text);
        Assert.Contains("Review and sign in your wallet: http", reply.Text, StringComparison.Ordinal);
        Assert.NotNull(reply.Image);
        // The quote's own numbers at the same state (the chat quoted the same account a moment ago; nothing moved in between).
        var quote = (await fixture.App.Services.GetRequiredService<CrossQuoter>().QuoteAsync(wallet.Account, usdc, weth, 1_000 * Usdc, 2 * Units.Wad, deleverage: false)).Value!;

        var page = await fixture.OpenAsync(reply.Links[0].Url, wallet);
        var from = fixture.Output.Text.Length;
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#before:not([hidden])", new() { Timeout = 30_000 });
        Assert.True(await page.IsDisabledAsync("#sign"), "signing waits for the enterMarket step");
        Assert.Contains("Enable USDC as collateral", await page.InnerTextAsync("#beforesteps"), StringComparison.Ordinal);
        await SigningFixture.ScreenshotAsync(page, "signing-6-cross-enter-market-desktop.png");
        await page.ClickAsync("#beforesteps button");
        await page.WaitForSelectorAsync("#before[data-state='done']", new() { Timeout = 60_000 });
        Assert.True(await MarketEnteredAsync(wallet.Account, usdc));
        await Flow.SignAndSendAsync(page, screenshots: null);
        var confirmation = await fixture.Output.WaitForAsync(from, "Transaction:");
        await Flow.FinishFollowUpsAsync(page);

        Assert.Contains("Done: cross leverage USDC/WETH", confirmation, StringComparison.Ordinal);
        Assert.Matches(@"Borrow\s+0\.333\d* WETH", confirmation);
        Assert.Matches(@"Health factor\s+1\.5\d", confirmation);
        var deposit = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, wallet.Account);
        var debt = await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, wallet.Account);
        var (collateral, adjustedDebt) = await LiquidityAsync(wallet.Account);
        var hf = collateral * Units.Wad / adjustedDebt;
        // Tolerances: deposit 1 base unit (rounding); debt +0.001 % (a few blocks of interest; the pool did not move);
        // health factor 0.1 % (the same interest). PROTOCOL.md's figures: 2000 USDC, 0.33357 WETH, HF 1.564.
        Assert.InRange(deposit, quote.DepositAfter - 1, quote.DepositAfter);
        Assert.InRange(debt, quote.BorrowAfter, quote.BorrowAfter + (quote.BorrowAfter / 100_000));
        Assert.InRange(hf, quote.HealthFactorAfter!.Value * 999 / 1000, quote.HealthFactorAfter.Value);
        Assert.InRange(deposit, 1_999 * Usdc, 2_000 * Usdc);
        Assert.InRange((double)debt / 1e18, 0.3330, 0.3340);
        Assert.InRange((double)hf / 1e18, 1.55, 1.58);
        await AssertNoAllowanceAsync(wallet.Account, usdc, weth);
        var leverGas = await GasAsync(wallet);
        Assert.Equal(1, leverGas.Count(g => g.To == fixture.Devnet.Deployment.DebtManager));
        Assert.Equal(fixture.Devnet.Deployment.Auditor, leverGas[0].To);
        output.WriteLine($"cross leverage: deposit {deposit}, debt {debt} wei, HF {hf}; gas {string.Join(", ", leverGas.Select(g => $"{g.To}={g.Gas}"))}; {watch.ElapsedMilliseconds} ms");

        from = fixture.Output.Text.Length;
        var sent = wallet.SentTransactions.Count;
        var back = await fixture.AskAsAsync(user, "/deleverage 1x USDC/WETH");
        Assert.False(back.IsError, back.Text);
        var page2 = await fixture.OpenAsync(back.Links[0].Url, wallet);
        await Flow.RunAsync(page2, screenshots: null);
        var done = await fixture.Output.WaitForAsync(from, "Transaction:");
        await Flow.FinishFollowUpsAsync(page2);

        Assert.Contains("Done: cross deleverage USDC/WETH", done, StringComparison.Ordinal);
        Assert.Matches(@"Borrow\s+0 WETH", done);
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, wallet.Account));
        var left = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, wallet.Account);
        Assert.InRange(left, 995 * Usdc, 1_000 * Usdc);
        await AssertNoAllowanceAsync(wallet.Account, usdc, weth);
        var downGas = (await GasAsync(wallet)).Skip(sent).ToList();
        Assert.Equal(fixture.Devnet.Deployment.DebtManager, downGas[0].To);
        output.WriteLine($"cross deleverage: deposit left {left}; gas {string.Join(", ", downGas.Select(g => $"{g.To}={g.Gas}"))}; total {watch.ElapsedMilliseconds} ms");
    }

    private async Task<MarketInfo> MarketAsync(string symbol) =>
        (await fixture.App.Services.GetRequiredService<MarketCatalogue>().FindAsync(symbol))!;

    private async Task<bool> MarketEnteredAsync(Address account, MarketInfo market) =>
        !((await fixture.ReadAsync(fixture.Devnet.Deployment.Auditor, AuditorAbi.AccountMarkets, account) >> market.Index) & BigInteger.One).IsZero;

    private async Task<(BigInteger Collateral, BigInteger Debt)> LiquidityAsync(Address account)
    {
        var r = await fixture.Rpc.CallAsync(fixture.Devnet.Deployment.Auditor, AuditorAbi.AccountLiquidity, [account, Address.Zero, BigInteger.Zero]);
        return ((BigInteger)r[0]!, (BigInteger)r[1]!);
    }

    /// <summary>After every cross flow: the DebtManager may spend nothing of the account's shares or assets, in either market.</summary>
    private async Task AssertNoAllowanceAsync(Address account, MarketInfo usdc, MarketInfo weth)
    {
        var dm = fixture.Devnet.Deployment.DebtManager;
        foreach (var token in new[] { usdc.Market, usdc.Asset, weth.Market, weth.Asset })
        {
            Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(token, Erc20Abi.Allowance, account, dm));
        }
    }

    /// <summary>Every transaction the wallet sent, in order: its target and the gas it used (all must have succeeded).</summary>
    private async Task<List<(Address To, long Gas)>> GasAsync(TestWallet wallet)
    {
        var list = new List<(Address, long)>();
        foreach (var hash in wallet.SentTransactions)
        {
            var receipt = (await fixture.Rpc.GetTransactionReceiptAsync(hash))!;
            Assert.True(receipt.Succeeded, hash);
            var tx = await fixture.Rpc.RequestAsync("eth_getTransactionByHash", [EthMethods.Json(hash)]);
            list.Add((Address.Parse(tx.GetProperty("to").GetString()!), receipt.GasUsed));
        }

        return list;
    }
}
