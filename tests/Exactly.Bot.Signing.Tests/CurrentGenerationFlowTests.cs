using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using ProtocolGeneration = Exactly.Bot.Devnet.ProtocolGeneration;

namespace Exactly.Bot.Signing.Tests;

/// <summary>The signing suite's world on the current DebtManager generation (0.2.24 artifacts, 1 % <c>AllowanceSurplus</c> rule).</summary>
public sealed class CurrentGenerationSigningFixture : SigningFixture
{
    protected override ProtocolGeneration Generation => ProtocolGeneration.Current;
}

/// <summary>
/// The article's same-asset examples from the chat to the chat confirmation, through the page in Chromium, on a devnet running the
/// current generation: the page must sign and send <c>leverage(market, ratio, marketPermit, assetPermit)</c> and
/// <c>deleverage(market, withdraw, ratio, permit)</c>, and whatever a permit's margin leaves is cleared by the page's approve-0 steps.
/// </summary>
public sealed class CurrentGenerationFlowTests(CurrentGenerationSigningFixture fixture, ITestOutputHelper output) : IClassFixture<CurrentGenerationSigningFixture>
{
    private static readonly BigInteger Usdc = SigningFixture.Usdc;

    [Fact]
    public async Task Leverage3xUsdc100_OnTheCurrentGeneration_FromChatToConfirmation_Deposits300Borrows200_AndLeavesNoAllowance()
    {
        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.DemoWallet);
        var m = fixture.Devnet.Deployment.Market("USDC");
        var (_, link) = await fixture.AskAsync("/leverage 3x USDC 100");

        var page = await fixture.OpenAsync(link, wallet);
        var from = fixture.Output.Text.Length;
        await Flow.RunAsync(page, screenshots: null);
        var confirmation = await fixture.Output.WaitForAsync(from, "Transaction:");
        Assert.Contains("Done: leverage USDC", confirmation, StringComparison.Ordinal);
        // The confirmation reports the position at the transaction's block: the figures the chain computes there (MarketMove).
        var move = await MarketMove.OfAsync(fixture.Rpc, m.Market, wallet.Account, wallet.SentTransactions);
        var (deposit, debt) = await move.AssertLeveragedAsync(fixture.Rpc, m.Market, wallet.Account, 300 * Usdc, 200 * Usdc);
        Assert.Matches($@"Deposit\s+{Regex.Escape(Units.Format(deposit, 6))} USDC", confirmation);
        Assert.Matches($@"Borrow\s+{Regex.Escape(Units.Format(debt, 6))} USDC", confirmation);

        await AssertSentAsync(wallet, DebtManagerCurrentAbi.LeverageWithPermits, permits: 2, "leverage 3x USDC 100");
        await Flow.FinishFollowUpsAsync(page);

        // The follow-ups (allowance clean-up) leave the deposit's shares as the leverage minted them.
        await PositionAsync(wallet, wallet.SentTransactions.Count - 1);
        Assert.Equal(move.DepositShares, await fixture.ReadAsync(m.Market, Erc20Abi.BalanceOf, wallet.Account));
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
    }

    [Fact]
    public async Task Leverage3x_ThenDeleverageTo1x_OnTheCurrentGeneration_Repays_Keeps100Deposited_AndLeavesNoAllowance()
    {
        var wallet = await fixture.FundedWalletAsync(3);
        var m = fixture.Devnet.Deployment.Market("USDC");
        var leverage = await fixture.AskAsAsync(3, "/leverage 3x USDC 100");
        Assert.False(leverage.IsError, leverage.Text);
        var page = await fixture.OpenAsync(leverage.Links[0].Url, wallet);
        await Flow.RunAsync(page, screenshots: null);
        await Flow.FinishFollowUpsAsync(page);
        var opened = await MarketMove.OfAsync(fixture.Rpc, m.Market, wallet.Account, wallet.SentTransactions);
        await opened.AssertLeveragedAsync(fixture.Rpc, m.Market, wallet.Account, 300 * Usdc, 200 * Usdc);

        // No evm_increaseTime here: the bot dates permits by its own clock, so a chain moved a day ahead would see them expired.
        // The seconds the page takes are interest enough for the deleverage to repay more than was borrowed.
        var sent = wallet.SentTransactions.Count;
        var signed = wallet.SignedTypedData.Count;
        var from = fixture.Output.Text.Length;
        var deleverage = await fixture.AskAsAsync(3, "/deleverage 1x USDC");
        Assert.False(deleverage.IsError, deleverage.Text);
        var page2 = await fixture.OpenAsync(deleverage.Links[0].Url, wallet);
        await Flow.RunAsync(page2, screenshots: null);
        await fixture.Output.WaitForAsync(from, "Done: deleverage USDC");
        Assert.Matches(@"Borrow\s+0 USDC", await fixture.Output.WaitForAsync(from, "Transaction:"));

        await AssertSentAsync(wallet, DebtManagerCurrentAbi.DeleverageWithPermit, permits: 1, "deleverage 1x USDC", sent, signed);
        await Flow.FinishFollowUpsAsync(page2);

        await PositionAsync(wallet, wallet.SentTransactions.Count - sent - 1);
        // 1x repays the whole debt out of the deposit and withdraws nothing else: the 300's worth at that block less the debt
        // then (the article's 100 without interest); withdraw rounds burned shares up, so one unit less at a share above 1 USDC.
        var unwind = await MarketMove.OfAsync(fixture.Rpc, m.Market, wallet.Account, wallet.SentTransactions.Skip(sent));
        Assert.Equal(BigInteger.Zero, await unwind.ReadAsync(fixture.Rpc, m.Market, MarketAbi.PreviewDebt, wallet.Account));
        Assert.Equal(unwind.Repaid, unwind.Withdrawn);
        var shares = await unwind.ReadAsync(fixture.Rpc, m.Market, Erc20Abi.BalanceOf, wallet.Account);
        Assert.Equal(opened.DepositShares - unwind.WithdrawShares, shares);
        var worth = await unwind.ValueOfSharesAsync(fixture.Rpc, m.Market, opened.DepositShares);
        Assert.InRange(await unwind.ReadAsync(fixture.Rpc, m.Market, MarketAbi.MaxWithdraw, wallet.Account), worth - unwind.Repaid - 1, worth - unwind.Repaid);
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
    }

    private async Task<(BigInteger Deposit, BigInteger Debt)> PositionAsync(TestWallet wallet, int approvals)
    {
        var m = fixture.Devnet.Deployment.Market("USDC");
        var deposit = await fixture.ReadAsync(m.Market, MarketAbi.MaxWithdraw, wallet.Account);
        var debt = await fixture.ReadAsync(m.Market, MarketAbi.PreviewDebt, wallet.Account);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after {approvals} follow-up step(s): deposit {deposit}, debt {debt}"));
        return (deposit, debt);
    }

    /// <summary>
    /// Checks the DebtManager transaction the page sent (after <paramref name="sentBefore"/> earlier ones) calls
    /// <paramref name="function"/> and mined, and reports its gas and the margin each permit left unspent (before any approve 0).
    /// </summary>
    private async Task AssertSentAsync(TestWallet wallet, Ethereum.Abi.AbiFunction function, int permits, string step, int sentBefore = 0, int signedBefore = 0)
    {
        var hash = Assert.Single(wallet.SentTransactions.Skip(sentBefore));
        var transaction = await fixture.Rpc.RequestAsync("eth_getTransactionByHash", [JsonValue.Create(hash)]);
        Assert.Equal(fixture.Devnet.Deployment.DebtManager, Address.Parse(transaction.GetProperty("to").GetString()!));
        Assert.StartsWith(Hex.Encode(function.Selector.Span), transaction.GetProperty("input").GetString()!, StringComparison.OrdinalIgnoreCase);
        var receipt = await fixture.Rpc.WaitForReceiptAsync(hash);
        Assert.True(receipt.Succeeded);

        var typed = wallet.SignedTypedData.Skip(signedBefore).ToArray();
        Assert.Equal(permits, typed.Length);
        var (shares, assets) = await fixture.AllowancesAsync(wallet.Account);
        var permitted = typed.Select(t => BigInteger.Parse(t["message"]!["value"]!.ToString(), CultureInfo.InvariantCulture)).ToArray();
        // The asset permit's domain is the token; the share permit's is the Market implementation.
        var asset = fixture.Devnet.Deployment.Market("USDC").Asset;
        var left = typed.Select(t => Address.Parse(t["domain"]!["verifyingContract"]!.ToString()) == asset ? assets : shares).ToArray();
        for (var i = 0; i < permits; i++)
        {
            // The contract itself enforces this (AllowanceSurplus): the mined transaction proves it; the page's margin must respect it too.
            Assert.True(left[i] * 100 <= permitted[i], $"{step}: permit {i} left {left[i]} of {permitted[i]} unused (over 1 %)");
        }

        output.WriteLine(string.Join("; ", Enumerable.Range(0, permits).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"permit {i}: {permitted[i]} allowed, {left[i]} left ({(double)left[i] / (double)permitted[i]:P6})")).Prepend(string.Create(CultureInfo.InvariantCulture,
            $"{step}: gas {receipt.GasUsed}"))));
    }
}
