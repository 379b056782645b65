using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Chat;
using Exactly.Bot.Console;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>
/// A submitted transaction that is replaced in the wallet, or dropped by the node, ends its session as failed with a sentence
/// in the chat that asked, instead of staying "submitted" forever. anvil with automine off holds the transaction pending; time
/// is a test clock, moved by the test.
/// </summary>
public sealed class DroppedTransactionTests(IdleWatcherFixture fixture) : IClassFixture<IdleWatcherFixture>
{
    [Fact]
    public async Task AReplacedTransaction_FailsTheSession_AndSaysSoInTheChat()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var watcher = Watcher(clock);
        await WithoutAutomineAsync(async () =>
        {
            var (id, hash, nonce) = await SubmitPendingAsync();
            await watcher.PollOnceAsync(CancellationToken.None);
            Assert.Equal(SigningStatus.Submitted, (await StateAsync(id)).Parsed);
            Assert.Equal(nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), (await StateAsync(id)).TxNonce); // stored, not only in memory

            // The wallet cancels it: same nonce, ten times the fee, mined instead.
            var wallet = fixture.Demo.Devnet.DemoWallet;
            await Rpc.RequestAsync("eth_sendTransaction", [new JsonObject
            {
                ["from"] = wallet.ToString(), ["to"] = wallet.ToString(), ["value"] = "0x0", ["nonce"] = Hex.FromBigInteger(nonce),
                ["gas"] = "0x5208", ["maxFeePerGas"] = "0x174876e800", ["maxPriorityFeePerGas"] = "0x174876e800",
            }]);
            await Rpc.RequestAsync("evm_mine", []);
            Assert.Null(await Rpc.GetTransactionReceiptAsync(hash));
            var before = fixture.Chat.ToString().Length;

            // A new watcher, as after a restart: the replacement is recognised from the stored nonce.
            await Watcher(clock).PollOnceAsync(CancellationToken.None);

            var state = await StateAsync(id);
            Assert.Equal(SigningStatus.Failed, state.Parsed);
            Assert.StartsWith("Cancelled:", state.Outcome, StringComparison.Ordinal);
            Assert.Contains(hash, state.Outcome, StringComparison.Ordinal);
            Assert.Contains("the bot spent nothing", state.Outcome, StringComparison.Ordinal);
            Assert.Contains("/leverage 2x USDC 10", state.Outcome, StringComparison.Ordinal);
            Assert.Contains(state.Outcome!, fixture.Chat.ToString()[before..], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ADroppedTransaction_FailsTheSessionOnlyAfterTheConfiguredTime()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var watcher = Watcher(clock);
        await WithoutAutomineAsync(async () =>
        {
            var (id, hash, _) = await SubmitPendingAsync();
            await watcher.PollOnceAsync(CancellationToken.None);
            await Rpc.RequestAsync("anvil_dropTransaction", [EthMethods.Json(hash)]);
            Assert.Equal(JsonValueKind.Null, (await Rpc.RequestAsync("eth_getTransactionByHash", [EthMethods.Json(hash)])).ValueKind);

            // Unknown, but for less than DroppedAfter (10 min): still submitted, nothing posted.
            clock.Advance(TimeSpan.FromMinutes(9));
            await watcher.PollOnceAsync(CancellationToken.None);
            Assert.Equal(SigningStatus.Submitted, (await StateAsync(id)).Parsed);
            var before = fixture.Chat.ToString().Length;

            clock.Advance(TimeSpan.FromMinutes(2));
            await watcher.PollOnceAsync(CancellationToken.None);

            var state = await StateAsync(id);
            Assert.Equal(SigningStatus.Failed, state.Parsed);
            Assert.StartsWith("Not mined:", state.Outcome, StringComparison.Ordinal);
            Assert.Contains("10 minutes", state.Outcome, StringComparison.Ordinal);
            Assert.Contains("the bot spent nothing", state.Outcome, StringComparison.Ordinal);
            Assert.Contains(state.Outcome!, fixture.Chat.ToString()[before..], StringComparison.Ordinal);

            // Settled once: another pass posts nothing more.
            var after = fixture.Chat.ToString().Length;
            await watcher.PollOnceAsync(CancellationToken.None);
            Assert.Equal(after, fixture.Chat.ToString().Length);
        });
    }

    [Fact]
    public async Task APendingTransaction_StaysSubmitted_WhateverTheTime()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var watcher = Watcher(clock);
        await WithoutAutomineAsync(async () =>
        {
            var (id, _, _) = await SubmitPendingAsync();
            clock.Advance(TimeSpan.FromHours(1));
            await watcher.PollOnceAsync(CancellationToken.None);
            Assert.Equal(SigningStatus.Submitted, (await StateAsync(id)).Parsed);
        });
    }

    private JsonRpcClient Rpc => fixture.Demo.Devnet.Rpc;

    private ReceiptWatcher Watcher(TimeProvider clock) => ActivatorUtilities.CreateInstance<ReceiptWatcher>(fixture.App.Services, clock);

    private Task<SigningSessionState> StateAsync(string id) =>
        fixture.App.Services.GetRequiredService<SigningSessionLedger>().GetAsync(id, CancellationToken.None)!;

    /// <summary>A session from the chat, opened by the page, marked signed and submitted with a pending transaction of the demo wallet.</summary>
    private async Task<(string Id, string Hash, System.Numerics.BigInteger Nonce)> SubmitPendingAsync()
    {
        var bot = fixture.App.Services.GetRequiredService<ChatBot>();
        var reply = await bot.HandleAsync(BotFixture.FromDemoUser("/leverage 2x USDC 10"), CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        var link = reply.Links[0].Url;
        var id = link.Segments[^1];
        using var http = new HttpClient();
        using var connect = await http.PostAsJsonAsync(new Uri(link, $"{id}/connect"), new { account = fixture.Demo.Devnet.DemoWallet.ToString(), chainId = 10 });
        var body = await connect.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(connect.IsSuccessStatusCode, body.ToString());
        var token = body.GetProperty("token").GetString()!;
        var ledger = fixture.App.Services.GetRequiredService<SigningSessionLedger>();
        Assert.True(await ledger.MarkSignedAsync(id, token, "0x00", CancellationToken.None));

        var wallet = fixture.Demo.Devnet.DemoWallet;
        var nonce = EthMethods.Quantity(await Rpc.RequestAsync("eth_getTransactionCount", [EthMethods.Json(wallet.ToString()), EthMethods.Json("pending")]));
        var hash = await Rpc.SendTransactionAsync(new TransactionRequest(wallet, [], wallet, Gas: 21_000));
        Assert.True(await ledger.MarkSubmittedAsync(id, token, hash, CancellationToken.None));
        return (id, hash, nonce);
    }

    /// <summary>Runs <paramref name="body"/> with automine off (transactions stay pending until a block is mined), then mines what is left.</summary>
    private async Task WithoutAutomineAsync(Func<Task> body)
    {
        await Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(false)]);
        try
        {
            await body();
        }
        finally
        {
            await Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(true)]);
            await Rpc.RequestAsync("evm_mine", []);
        }
    }
}
