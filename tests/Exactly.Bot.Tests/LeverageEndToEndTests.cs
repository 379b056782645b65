using System.Numerics;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>The article's first example, from the chat line to the chain, on a devnet running Exactly 0.2.15.</summary>
public sealed class LeverageEndToEndTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    private static readonly BigInteger Usdc = BigInteger.Pow(10, 6);

    [Fact]
    public async Task Leverage3xUsdc100_QuotesDeposit300Borrow200_AndTheSameLeverageOnChainMatches()
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser("/leverage 3x USDC 100"), CancellationToken.None);

        Assert.False(reply.IsError, reply.Text);
        Assert.Matches(@"Deposit\s+300 USDC", reply.Text);
        Assert.Matches(@"Borrow\s+200 USDC", reply.Text);
        Assert.Matches(@"Health factor\s+1\.24 ", reply.Text);

        // The link leads to the bot's own page (real Kestrel), which shows the quote it belongs to.
        // Plain link first, then MetaMask / Coinbase Wallet / Trust Wallet deep links, and a QR code of the same URL.
        Assert.Equal(["Review and sign", "Open in MetaMask", "Open in Coinbase Wallet", "Open in Trust Wallet"], reply.Links.Select(l => l.Label));
        var link = reply.Links[0].Url;
        Assert.Equal($"https://link.metamask.io/dapp/{link.Authority}{link.AbsolutePath}", reply.Links[1].Url.ToString());
        Assert.Equal("image/png", reply.Image?.ContentType);
        using var http = new HttpClient();
        using var page = await http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("300 USDC", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var session = await fixture.App.Services.GetRequiredService<SigningSessionStore>().FindAsync(link.Segments[^1], CancellationToken.None);
        Assert.NotNull(session);
        var quote = session.Quote;
        Assert.Equal((300 * Usdc).ToString(), quote.DepositAfter);
        Assert.Equal((200 * Usdc).ToString(), quote.BorrowAfter);

        // Execute those parameters with the plain approve path (PROTOCOL.md): asset allowance for the deposit,
        // Market share allowance for the borrow, then DebtManager.leverage(market, deposit, ratio).
        var devnet = fixture.Demo.Devnet;
        var rpc = devnet.Rpc;
        var d = devnet.Deployment;
        var market = d.Market("USDC");
        var wallet = devnet.DemoWallet;
        var deposit = BigInteger.Parse(quote.Added);
        var borrowShares = (BigInteger)(await rpc.CallAsync(market.Market, MarketAbi.PreviewWithdraw, [BigInteger.Parse(quote.BorrowAfter)]))[0]!;
        await SendAsync(rpc, wallet, market.Asset, Erc20Abi.Approve, d.DebtManager, deposit);
        await SendAsync(rpc, wallet, market.Market, Erc20Abi.Approve, d.DebtManager, borrowShares);
        await SendAsync(rpc, wallet, d.DebtManager, DebtManagerAbi.Leverage, market.Market, deposit, BigInteger.Parse(quote.Ratio));

        Assert.Equal(300 * Usdc, (BigInteger)(await rpc.CallAsync(market.Market, MarketAbi.MaxWithdraw, [wallet]))[0]!);
        Assert.Equal(200 * Usdc, (BigInteger)(await rpc.CallAsync(market.Market, MarketAbi.PreviewDebt, [wallet]))[0]!);
        // Exact allowances: nothing is left for the DebtManager to spend afterwards.
        Assert.Equal(BigInteger.Zero, (BigInteger)(await rpc.CallAsync(market.Asset, Erc20Abi.Allowance, [wallet, d.DebtManager]))[0]!);
        Assert.Equal(BigInteger.Zero, (BigInteger)(await rpc.CallAsync(market.Market, Erc20Abi.Allowance, [wallet, d.DebtManager]))[0]!);
    }

    [Theory]
    [InlineData("/leverage banana", "'banana' is not a leverage ratio")]
    [InlineData("/leverage 0.5x USDC 100", "at least 1x")]
    [InlineData("/leverage 3x DOGE 100", "Known assets: USDC, WETH, wstETH")]
    [InlineData("/leverage 3x USDC 1.1234567", "7 decimals but USDC has only 6")]
    [InlineData("/leverage 3x USDC -5", "is not an amount of USDC")]
    [InlineData("/leverage 9x USDC 100", "above the maximum of 5.31x for USDC")]
    [InlineData("/leverage 3x USDC", "nothing to leverage")]
    [InlineData("/leverge 3x USDC 100", "There is no /leverge command")]
    [InlineData("leverage 3x USDC 100", "Commands start with a slash")]
    public async Task WrongInput_RepliesWithWhatWasWrongAndAnExampleThatWorks(string line, string expected)
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);

        Assert.True(reply.IsError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var example = reply.Text.Split('\n').Last();
        Assert.StartsWith("Example: /", example, StringComparison.Ordinal);

        // The example really works: it is answered with a quote, not another error.
        var retry = await fixture.Bot.HandleAsync(BotFixture.FromStranger(example["Example: ".Length..]), CancellationToken.None);
        Assert.False(retry.IsError, $"{example} → {retry.Text}");
    }

    [Fact]
    public async Task SigningPage_UnknownId_IsNotFound()
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger("/leverage 2x USDC 10"), CancellationToken.None);
        var link = reply.Links[0].Url;
        using var http = new HttpClient();
        using var page = await http.GetAsync(new Uri(link, "/s/AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
    }

    private static async Task SendAsync(JsonRpcClient rpc, Address from, Address to, AbiFunction function, params object?[] arguments)
    {
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(to, function.Encode(arguments), from));
        var receipt = await rpc.WaitForReceiptAsync(hash);
        Assert.True(receipt.Succeeded, $"{function.Name} reverted");
    }
}
