using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Exactly.Bot.Signing.Tests;

/// <summary>The article's examples from the chat command to the chat confirmation, through the page in Chromium.</summary>
public sealed partial class LeverageFlowTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private static readonly BigInteger Usdc = SigningFixture.Usdc;

    [Fact]
    public async Task Leverage3xUsdc100_FromChatToConfirmation_Deposits300Borrows200_AndLeavesNoAllowance()
    {
        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.DemoWallet);
        var (reply, link) = await fixture.AskAsync("/leverage 3x USDC 100");
        Assert.Contains($"[Open in MetaMask] https://link.metamask.io/dapp/{link.Authority}{link.AbsolutePath}", reply, StringComparison.Ordinal);
        Assert.Contains("[Open in Trust Wallet] https://link.trustwallet.com/open_url?coin_id=60&url=" + Uri.EscapeDataString(link.ToString()), reply, StringComparison.Ordinal);

        var page = await fixture.OpenAsync(link, wallet);
        await SigningFixture.ScreenshotAsync(page, "signing-1-quote-desktop.png");
        var from = fixture.Output.Text.Length;
        await Flow.RunAsync(page, "desktop");

        var confirmation = await fixture.Output.WaitForAsync(from, "Transaction:");
        Assert.Contains("Done: leverage USDC", confirmation, StringComparison.Ordinal);
        // The confirmation reports the position at the transaction's block: the figures the chain computes there.
        var m = fixture.Devnet.Deployment.Market("USDC");
        var move = await MarketMove.OfAsync(fixture.Rpc, m.Market, wallet.Account, wallet.SentTransactions);
        var (deposit, debt) = await move.AssertLeveragedAsync(fixture.Rpc, m.Market, wallet.Account, 300 * Usdc, 200 * Usdc);
        Assert.Matches($@"Deposit\s+{Regex.Escape(Units.Format(deposit, 6))} USDC", confirmation);
        Assert.Matches($@"Borrow\s+{Regex.Escape(Units.Format(debt, 6))} USDC", confirmation);
        Assert.Matches(@"Health factor\s+1\.24", confirmation);

        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
        Assert.Single(wallet.SentTransactions);

        await AssertNoSignatureLeftAsync(page, wallet);
    }

    [Fact]
    public async Task Leverage4x_ThenDeleverageTo1x_Keeps100Deposited_AndLeavesNoAllowance()
    {
        var wallet = await FundedWalletAsync(3);
        var (rpc, m) = (fixture.Rpc, fixture.Devnet.Deployment.Market("USDC"));
        var reply = await fixture.AskAsAsync(3, "/leverage 4x USDC 100");
        Assert.False(reply.IsError, reply.Text);
        var page = await fixture.OpenAsync(reply.Links[0].Url, wallet, phone: true);
        await SigningFixture.ScreenshotAsync(page, "signing-1-quote-phone.png");
        await Flow.RunAsync(page, "phone");

        // The article's figures are what the market moved, exactly: 100 of the user's and 300 flash-loaned deposited, 300 borrowed;
        // read back at its block, 400 while a share is worth 1 USDC, 399.999999 once interest made it worth more (MarketMove).
        var leverage = await MarketMove.OfAsync(rpc, m.Market, wallet.Account, wallet.SentTransactions);
        var (depositAt, _) = await leverage.AssertLeveragedAsync(rpc, m.Market, wallet.Account, 400 * Usdc, 300 * Usdc);

        // A minute later, as a user would (and as a busy machine makes it anyway): the 300 owed and the 400 lent earn interest.
        await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromMinutes(1));
        var from = fixture.Output.Text.Length;
        var sent = wallet.SentTransactions.Count;
        var deleverage = await fixture.AskAsAsync(3, "/deleverage 1x USDC");
        Assert.False(deleverage.IsError, deleverage.Text);
        var page2 = await fixture.OpenAsync(deleverage.Links[0].Url, wallet);
        await Flow.RunAsync(page2, screenshots: null);
        var confirmation = await fixture.Output.WaitForAsync(from, "Done: deleverage USDC");
        Assert.Matches(@"Borrow\s+0 USDC", await fixture.Output.WaitForAsync(from, "Transaction:"));
        await Flow.FinishFollowUpsAsync(page2);

        // 1x repays the whole debt (300 and the minute's interest) out of the deposit and withdraws nothing else: what is left is
        // the 400's worth at that block less the debt then, which is the article's 100 when no interest has accrued.
        var unwind = await MarketMove.OfAsync(rpc, m.Market, wallet.Account, wallet.SentTransactions.Skip(sent));
        Assert.Equal(BigInteger.Zero, await unwind.ReadAsync(rpc, m.Market, MarketAbi.PreviewDebt, wallet.Account));
        Assert.True(unwind.Repaid > 300 * Usdc, $"repaid {unwind.Repaid}: 300 and a minute's interest");
        Assert.Equal(unwind.Repaid, unwind.Withdrawn);
        Assert.Equal(BigInteger.Zero, unwind.Deposited);
        var shares = leverage.DepositShares - unwind.WithdrawShares;
        Assert.Equal(shares, await unwind.ReadAsync(rpc, m.Market, Erc20Abi.BalanceOf, wallet.Account));
        var left = await unwind.ReadAsync(rpc, m.Market, MarketAbi.MaxWithdraw, wallet.Account);
        Assert.Equal(await unwind.ValueOfSharesAsync(rpc, m.Market, shares), left);
        var worth = await unwind.ValueOfSharesAsync(rpc, m.Market, leverage.DepositShares);
        output.WriteLine($"leverage block {leverage.Block}: deposit {depositAt}; deleverage block {unwind.Block}: 400 worth {worth}, repaid {unwind.Repaid}, left {left}");
        // Withdraw burns shares rounded up (ERC-4626, in the market's favour): one unit less when a share is worth more than 1 USDC.
        Assert.InRange(left, worth - unwind.Repaid - 1, worth - unwind.Repaid);
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
        Assert.Contains("Deposit", confirmation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leverage4x_ThenWithdrawEverything_Ends0Deposited0Borrowed_With100BackInTheWallet()
    {
        var wallet = await FundedWalletAsync(4);
        var reply = await fixture.AskAsAsync(4, "/leverage 4x USDC 100");
        await Flow.RunAsync(await fixture.OpenAsync(reply.Links[0].Url, wallet), screenshots: null);

        var from = fixture.Output.Text.Length;
        var closing = await fixture.AskAsAsync(4, "/deleverage 1x USDC withdraw all");
        Assert.False(closing.IsError, closing.Text);
        var page = await fixture.OpenAsync(closing.Links[0].Url, wallet);
        await Flow.RunAsync(page, screenshots: null);
        await Flow.FinishFollowUpsAsync(page);
        await SigningFixture.ScreenshotAsync(page, "signing-5-withdrawn-desktop.png");
        var withdrawn = await fixture.Output.WaitForAsync(from, "Withdrawn:");

        var m = fixture.Devnet.Deployment.Market("USDC");
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(m.Market, MarketAbi.MaxWithdraw, wallet.Account));
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(m.Market, MarketAbi.PreviewDebt, wallet.Account));
        var balance = await fixture.ReadAsync(m.Asset, Erc20Abi.BalanceOf, wallet.Account);
        Assert.InRange(balance, 100 * Usdc - 10, 100 * Usdc);
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
        Assert.Contains("USDC in your wallet", withdrawn, StringComparison.Ordinal);
    }

    private Task<TestWallet> FundedWalletAsync(int index, int usdc = 100) => fixture.FundedWalletAsync(index, usdc);

    private async Task AssertNoSignatureLeftAsync(IPage page, TestWallet wallet)
    {
        var storage = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        var logs = string.Join('\n', fixture.Logs.Lines);
        var database = string.Concat(new[] { string.Empty, "-wal" }.Where(s => File.Exists(fixture.DatabasePath + s))
            .Select(s => Convert.ToHexString(File.ReadAllBytes(fixture.DatabasePath + s)) + System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(fixture.DatabasePath + s))));
        Assert.NotEmpty(wallet.Signatures);
        foreach (var signature in wallet.Signatures)
        {
            var hex = signature[2..];
            foreach (var part in new[] { hex[..64], hex[64..128] })
            {
                Assert.DoesNotContain(part, storage, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(part, logs, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(part, database, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
