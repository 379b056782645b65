using System.Globalization;
using System.Numerics;
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
        // Read back from the chain: convertToAssets floors, so interest accrued between the deposit and the read can show one unit less.
        Assert.Matches(@"Deposit\s+(300|299\.999999) USDC", confirmation);
        Assert.Matches(@"Borrow\s+200 USDC", confirmation);
        Assert.Matches(@"Health factor\s+1\.24", confirmation);

        var m = fixture.Devnet.Deployment.Market("USDC");
        Assert.Equal(300 * Usdc, await fixture.ReadAsync(m.Market, MarketAbi.MaxWithdraw, wallet.Account));
        Assert.Equal(200 * Usdc, await fixture.ReadAsync(m.Market, MarketAbi.PreviewDebt, wallet.Account));
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), await fixture.AllowancesAsync(wallet.Account));
        Assert.Single(wallet.SentTransactions);

        await AssertNoSignatureLeftAsync(page, wallet);
    }

    [Fact]
    public async Task Leverage4x_ThenDeleverageTo1x_Keeps100Deposited_AndLeavesNoAllowance()
    {
        var wallet = await FundedWalletAsync(3);
        var reply = await fixture.AskAsAsync(3, "/leverage 4x USDC 100");
        Assert.False(reply.IsError, reply.Text);
        var page = await fixture.OpenAsync(reply.Links[0].Url, wallet, phone: true);
        await SigningFixture.ScreenshotAsync(page, "signing-1-quote-phone.png");
        await Flow.RunAsync(page, "phone");
        var m = fixture.Devnet.Deployment.Market("USDC");
        Assert.Equal(400 * Usdc, await fixture.ReadAsync(m.Market, MarketAbi.MaxWithdraw, wallet.Account));

        var from = fixture.Output.Text.Length;
        var deleverage = await fixture.AskAsAsync(3, "/deleverage 1x USDC");
        Assert.False(deleverage.IsError, deleverage.Text);
        var page2 = await fixture.OpenAsync(deleverage.Links[0].Url, wallet);
        await Flow.RunAsync(page2, screenshots: null);
        var confirmation = await fixture.Output.WaitForAsync(from, "Done: deleverage USDC");
        Assert.Matches(@"Borrow\s+0 USDC", await fixture.Output.WaitForAsync(from, "Transaction:"));
        await Flow.FinishFollowUpsAsync(page2);

        var deposit = await fixture.ReadAsync(m.Market, MarketAbi.MaxWithdraw, wallet.Account);
        Assert.InRange(deposit, 100 * Usdc - 10, 100 * Usdc);
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(m.Market, MarketAbi.PreviewDebt, wallet.Account));
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
