using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>
/// At connect the page re-quotes for the connected wallet: no differences when nothing changed; beyond the tolerance (1 % on
/// deposit or borrow, 0.02 on the health factor) it refuses and asks for a new quote in the chat.
/// </summary>
public sealed class DeleverageRequoteTests(IdleWatcherFixture fixture) : IClassFixture<IdleWatcherFixture>
{
    private static readonly BigInteger Usdc = BigInteger.Pow(10, 6);

    [Fact]
    public async Task Deleverage_Connect_ProceedsWhenNothingChanged_AndRefusesWhenTheDepositMovedBeyondTolerance()
    {
        await OpenPositionAsync(100 * Usdc, 3 * Units.Wad);

        var unchanged = await ConnectAsync(await LinkAsync("/deleverage 1x USDC"));
        Assert.Equal(JsonValueKind.Array, unchanged.GetProperty("differences").ValueKind);
        Assert.Equal(0, unchanged.GetProperty("differences").GetArrayLength());

        // Between the chat's quote and the page, the wallet deposits 50 USDC more: the re-quote must say so.
        var link = await LinkAsync("/deleverage 1x USDC");
        var devnet = fixture.Demo.Devnet;
        var market = devnet.Deployment.Market("USDC");
        await devnet.MintAsync(market.Asset, devnet.DemoWallet, 50 * Usdc);
        await SendAsync(devnet.DemoWallet, market.Asset, Erc20Abi.Approve, market.Market, 50 * Usdc);
        await SendAsync(devnet.DemoWallet, market.Market, AbiFunction.Parse("deposit(uint256,address) returns (uint256)"), 50 * Usdc, devnet.DemoWallet);

        // 50 % more deposit is beyond the 1 % a link allows: the page refuses, says what changed and asks for a new quote.
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(link, $"{link.Segments[^1]}/connect"), new { account = devnet.DemoWallet.ToString(), chainId = 10 });
        var refusal = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Deposit after: the chat said 100 USDC, now 150 USDC", refusal, StringComparison.Ordinal);
        Assert.EndsWith("Ask the bot for a new quote in the chat: /deleverage 1x USDC", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leverage_Connect_ABorrowOf4InTheChatThatWouldBe32OnThePage_IsRefused_AndAsksForANewQuote()
    {
        var devnet = fixture.Demo.Devnet;
        var market = devnet.Deployment.Market("USDC");
        var account = devnet.Accounts[9];
        // Quoted in the chat as a stranger (a fresh account): 2x on 4 USDC borrows 4.
        var reply = await fixture.App.Services.GetRequiredService<ChatBot>().HandleAsync(BotFixture.FromStranger("/leverage 2x USDC 4"), CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        Assert.Matches(@"Borrow\s+4 USDC", reply.Text);
        var link = reply.Links[0].Url;

        // The wallet that connects already holds 28 USDC in the market: at 2x the page's re-quote would borrow 32.
        await devnet.MintAsync(market.Asset, account, 32 * Usdc);
        await SendAsync(account, market.Asset, Erc20Abi.Approve, market.Market, 28 * Usdc);
        await SendAsync(account, market.Market, AbiFunction.Parse("deposit(uint256,address) returns (uint256)"), 28 * Usdc, account);
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(link, $"{link.Segments[^1]}/connect"), new { account = account.ToString(), chainId = 10 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        var refusal = body.GetProperty("error").GetString()!;
        Assert.Contains("Borrow after: the chat said 4 USDC, now 32 USDC", refusal, StringComparison.Ordinal);
        Assert.Contains("Nothing was signed", refusal, StringComparison.Ordinal);
        Assert.EndsWith("Ask the bot for a new quote in the chat: /leverage 2x USDC 4", refusal, StringComparison.Ordinal);
        var state = await fixture.App.Services.GetRequiredService<Exactly.Bot.Signing.SigningSessionLedger>().GetAsync(link.Segments[^1], CancellationToken.None);
        Assert.Equal(Exactly.Bot.Signing.SigningStatus.Created, state!.Parsed);
    }

    private async Task<Uri> LinkAsync(string command)
    {
        var reply = await fixture.App.Services.GetRequiredService<ChatBot>().HandleAsync(BotFixture.FromDemoUser(command), CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        return reply.Links[0].Url;
    }

    private async Task<JsonElement> ConnectAsync(Uri link)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(link, $"{link.Segments[^1]}/connect"), new { account = fixture.Demo.Devnet.DemoWallet.ToString(), chainId = 10 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    /// <summary>The plain approve path (PROTOCOL.md): asset and Market share allowances, then DebtManager.leverage.</summary>
    private async Task OpenPositionAsync(BigInteger deposit, BigInteger ratio)
    {
        var devnet = fixture.Demo.Devnet;
        var d = devnet.Deployment;
        var market = d.Market("USDC");
        var wallet = devnet.DemoWallet;
        var borrow = (deposit * ratio / Units.Wad) - deposit;
        var shares = (BigInteger)(await devnet.Rpc.CallAsync(market.Market, MarketAbi.PreviewWithdraw, [borrow]))[0]!;
        await SendAsync(wallet, market.Asset, Erc20Abi.Approve, d.DebtManager, deposit);
        await SendAsync(wallet, market.Market, Erc20Abi.Approve, d.DebtManager, shares);
        await SendAsync(wallet, d.DebtManager, DebtManagerAbi.Leverage, market.Market, deposit, ratio);
    }

    private Task<TransactionReceipt> SendAsync(Address from, Address to, AbiFunction function, params object?[] arguments) =>
        fixture.Demo.Devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));
}
