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

/// <summary>At connect the page re-quotes a deleverage for the connected wallet and lists what changed since the chat's quote.</summary>
public sealed class DeleverageRequoteTests(IdleWatcherFixture fixture) : IClassFixture<IdleWatcherFixture>
{
    private static readonly BigInteger Usdc = BigInteger.Pow(10, 6);

    [Fact]
    public async Task Deleverage_Connect_ListsWhatChangedSinceTheChatQuote_AndNothingWhenNothingDid()
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

        var changed = await ConnectAsync(link);

        var differences = changed.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(differences, d => d.StartsWith("Deposit after: the chat said 100 USDC, now 150 USDC", StringComparison.Ordinal));
        Assert.Equal("Deleverage", changed.GetProperty("kind").GetString());
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
