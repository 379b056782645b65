using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Transactions;
using Exactly.Bot.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Tests;

/// <summary>The demo chain plus WETH9, a market whose asset has no EIP-2612, listed before the bot starts.</summary>
public sealed class Permit2BotFixture : IdleWatcherFixture
{
    public Devnet.DevnetMarket Weth9 { get; private set; } = null!;

    protected override async Task BeforeStartAsync(DemoEnvironment demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        Weth9 = await demo.Devnet.AddMarketWithoutPermitAsync();
    }
}

/// <summary>
/// The signing page's server side for a Permit2 deposit, over real HTTP with the demo wallet (anvil's unlocked account): connect
/// offers the exact approval step and a Permit2 <c>PermitTransferFrom</c>, the signatures are checked, the Permit2 overload is
/// simulated and handed out, and the mined transaction is confirmed in the chat.
/// </summary>
public sealed class Permit2FlowTests(Permit2BotFixture fixture) : IClassFixture<Permit2BotFixture>
{
    [Fact]
    public async Task Leverage2xWeth9_ApprovesPermit2Exactly_SignsPermitTransferFrom_AndMines()
    {
        var devnet = fixture.Demo.Devnet;
        var wallet = devnet.DemoWallet;
        var reply = await fixture.App.Services.GetRequiredService<ChatBot>().HandleAsync(BotFixture.FromDemoUser("/leverage 2x WETH9 1"), CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        var link = reply.Links[0].Url;
        var id = link.Segments[^1];
        using var http = new HttpClient();

        var session = await PostAsync(http, link, "connect", new { account = wallet.ToString(), chainId = 10 });
        var market = fixture.Weth9;
        Assert.Equal(devnet.Deployment.Permit2.ToString(), session.GetProperty("permit2").GetString());
        var permits = session.GetProperty("permits").EnumerateArray().ToList();
        Assert.Equal(["MarketShares", "AssetPermit2"], permits.Select(p => p.GetProperty("role").GetString()));
        var transfer = permits[1].GetProperty("typedData");
        Assert.Equal("PermitTransferFrom", transfer.GetProperty("primaryType").GetString());
        Assert.Equal(devnet.Deployment.Permit2.ToString(), transfer.GetProperty("domain").GetProperty("verifyingContract").GetString(), ignoreCase: true);
        Assert.Equal(devnet.Deployment.DebtManager.ToString(), transfer.GetProperty("message").GetProperty("spender").GetString(), ignoreCase: true);
        Assert.Equal(Units.Wad.ToString(), transfer.GetProperty("message").GetProperty("permitted").GetProperty("amount").GetString());
        var step = Assert.Single(session.GetProperty("before").EnumerateArray().ToList());
        Assert.Equal("approve", step.GetProperty("kind").GetString());
        Assert.Equal(market.Asset.ToString(), step.GetProperty("tx").GetProperty("to").GetString(), ignoreCase: true);
        Assert.Equal(Hex.Encode(Erc20Abi.Approve.Encode(devnet.Deployment.Permit2, Units.Wad)), step.GetProperty("tx").GetProperty("data").GetString());

        // What the page does with the demo wallet: the approval (mined), both signatures, the transaction.
        var approveHash = await DemoRpcAsync(http, link, "eth_sendTransaction", JsonNode.Parse(step.GetProperty("tx").GetRawText()));
        Assert.True((await devnet.Rpc.WaitForReceiptAsync(approveHash.GetString()!, TimeSpan.FromMilliseconds(50))).Succeeded);
        var signatures = new List<string>();
        foreach (var permit in permits)
        {
            signatures.Add((await DemoRpcAsync(http, link, "eth_signTypedData_v4", wallet.ToString(), permit.GetProperty("typedData").GetRawText())).GetString()!);
        }

        var token = session.GetProperty("token").GetString()!;
        var signed = await PostAsync(http, link, "sign", new { token, chainId = 10, signatures });
        var tx = signed.GetProperty("tx");
        var selector = DebtManagerPermit2Calls.For(DebtManagerCallShape.V0215).Selector.ToArray();
        Assert.StartsWith(Hex.Encode(selector), tx.GetProperty("data").GetString(), StringComparison.Ordinal);
        var before = await devnet.BalanceOfAsync(market.Asset, wallet);
        var hash = (await DemoRpcAsync(http, link, "eth_sendTransaction", JsonNode.Parse(tx.GetRawText()))).GetString()!;
        Assert.True((await devnet.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(50))).Succeeded);
        await PostAsync(http, link, "submitted", new { token, hash });

        await Watcher().PollOnceAsync(CancellationToken.None);

        var state = await fixture.App.Services.GetRequiredService<SigningSessionLedger>().GetAsync(id, CancellationToken.None);
        Assert.Equal(SigningStatus.Mined, state!.Parsed);
        Assert.StartsWith("Done: leverage WETH9 confirmed on chain", state.Outcome, StringComparison.Ordinal);
        Assert.Equal(before - Units.Wad, await devnet.BalanceOfAsync(market.Asset, wallet));
        Assert.Equal(0, (System.Numerics.BigInteger)(await devnet.Rpc.CallAsync(market.Asset, Erc20Abi.Allowance, [wallet, devnet.Deployment.Permit2]))[0]!);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, Uri link, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(link, $"{link.Segments[^1]}/{path}"), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    private static async Task<JsonElement> DemoRpcAsync(HttpClient http, Uri link, string method, params JsonNode?[] parameters) =>
        (await PostAsync(http, link, "demo-rpc", new JsonObject { ["method"] = method, ["params"] = new JsonArray(parameters) })).GetProperty("result");

    private ReceiptWatcher Watcher() => ActivatorUtilities.CreateInstance<ReceiptWatcher>(fixture.App.Services, TimeProvider.System);
}
