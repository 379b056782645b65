using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Signing;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>The bot behind a proxy that counts its JSON-RPC calls (<see cref="RpcProxy"/>).</summary>
public sealed class CountedRpcFixture : IdleWatcherFixture
{
    public RpcProxy Counter { get; private set; } = null!;

    protected override async Task BeforeStartAsync(DemoEnvironment demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        Counter = await RpcProxy.StartAsync(demo.Devnet.RpcUrl);
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Chain:RpcUrls:0"] = Counter.Url.ToString();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Counter.DisposeAsync();
    }
}

/// <summary>
/// A hash the page reports settles a session only when the node knows it and it is exactly the transaction built for the
/// session (before, the DebtManager call, after); the receipt watcher checks the same before it says "Done"; the outcome goes
/// to the user's private chat; and each page request costs a bounded number of RPC calls, counted at a proxy in front of anvil.
/// Each test acts for its own anvil account, quoted as a stranger (a fresh account), so the tests share one devnet.
/// </summary>
public sealed class SettlesOnlyThePlanTests(CountedRpcFixture fixture, ITestOutputHelper output) : IClassFixture<CountedRpcFixture>
{
    [Fact]
    public async Task Submitted_AHashTheNodeDoesNotKnow_IsRefused_AndASelfTransferIsNeverTheLeverage()
    {
        using var page = new PageApi(fixture);
        var (link, token, account, built) = await SignedAsync(page, 3);

        // The page reports a self-transfer's hash before it is broadcast (signed offline), then broadcasts it.
        var raw = (await page.Rpc.RequestAsync("eth_signTransaction", [SelfTransfer(account, await NonceAsync(page, account))])).GetString()!;
        var early = Hex.Encode(Keccak256.Hash(Hex.Decode(raw)));
        var (status, body) = await page.PostAsync(link, "submitted", new { token, hash = early });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(body.GetProperty("retry").GetBoolean(), body.ToString());
        Assert.Equal(SigningStatus.Signed, (await page.StateAsync(link)).Parsed);

        await page.Rpc.RequestAsync("eth_sendRawTransaction", [raw]);
        Assert.True((await page.Rpc.WaitForReceiptAsync(early, TimeSpan.FromMilliseconds(20))).Succeeded);
        (status, body) = await page.PostAsync(link, "submitted", new { token, hash = early });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not the one prepared for this link", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(SigningStatus.Signed, (await page.StateAsync(link)).Parsed);

        // The transaction built for the link is accepted, and confirmed.
        var hash = await page.Rpc.SendTransactionAsync(built);
        Assert.True((await page.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(20))).Succeeded);
        (status, body) = await page.PostAsync(link, "submitted", new { token, hash });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        await page.Watcher().PollOnceAsync(CancellationToken.None);
        var state = await page.StateAsync(link);
        Assert.Equal(SigningStatus.Mined, state.Parsed);
        Assert.StartsWith("Done: leverage USDC", state.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiptWatcher_AMinedTransactionThatIsNotThePlan_FailsTheSession_AndNeverSaysDone()
    {
        using var page = new PageApi(fixture);
        var (link, token, account, _) = await SignedAsync(page, 4);
        var other = await page.SelfTransferAsync(account);
        // As a row accepted before hashes were checked (or written by anything else): the watcher checks on its own.
        Assert.True(await fixture.App.Services.GetRequiredService<SigningSessionLedger>().MarkSubmittedAsync(link.Segments[^1], token, other, CancellationToken.None));
        var console = new RecordingSender("console");

        await page.Watcher(new ChatSenders([console])).PollOnceAsync(CancellationToken.None);

        var state = await page.StateAsync(link);
        Assert.Equal(SigningStatus.Failed, state.Parsed);
        Assert.StartsWith("Not confirmed:", state.Outcome, StringComparison.Ordinal);
        var (_, text) = Assert.Single(console.Sent);
        Assert.DoesNotContain("Done", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_AHashThatIsNotAPlannedStep_IsRefused_AndAnUnknownOneAtOnce()
    {
        using var page = new PageApi(fixture);
        var (link, token, account, built) = await SignedAsync(page, 5);
        var hash = await page.Rpc.SendTransactionAsync(built);
        Assert.True((await page.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(20))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await page.PostAsync(link, "submitted", new { token, hash })).Status);
        await page.Watcher(new ChatSenders([new RecordingSender("console")])).PollOnceAsync(CancellationToken.None);
        Assert.Equal(SigningStatus.Mined, (await page.StateAsync(link)).Parsed);

        var (status, body) = await page.PostAsync(link, "followup", new { token, hash = await page.SelfTransferAsync(account) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not the step prepared", body.GetProperty("error").GetString(), StringComparison.Ordinal);

        var calls = await fixture.Counter.CountAsync(async () => (status, body) = await page.PostAsync(link, "followup", new { token, hash = UnknownHash() }));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Before_AWrongHash_IsAnswered404AtOnce_InOneRpcCall_AndAnExpiredLink410_WithNone()
    {
        using var page = new PageApi(fixture);
        var account = await FundedAsync(6);
        var link = await page.LinkAsync(Stranger(6, "/leverage 2x USDC 10"));
        var (token, _) = await page.ConnectAsync(link, account);

        (HttpStatusCode Status, JsonElement Body) answer = default;
        var calls = await fixture.Counter.CountAsync(async () => answer = await page.PostAsync(link, "before", new { token, hash = UnknownHash() }));
        output.WriteLine($"/before with a wrong hash: {calls} RPC call(s), {(int)answer.Status}");
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Contains("does not know transaction", answer.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, calls);

        calls = await fixture.Counter.CountAsync(async () => answer = await page.PostAsync(link, "before", new { token, hash = await page.SelfTransferAsync(account) }));
        output.WriteLine($"/before with another transaction's hash: {calls} RPC call(s), {(int)answer.Status}");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);

        await using (var connection = fixture.App.Services.GetRequiredService<Database>().Open())
        {
            await connection.ExecuteAsync("UPDATE signing_sessions SET expires_at = 0 WHERE id = @id", new { id = link.Segments[^1] });
        }

        calls = await fixture.Counter.CountAsync(async () => answer = await page.PostAsync(link, "before", new { token, hash = UnknownHash() }));
        output.WriteLine($"/before on an expired link: {calls} RPC call(s), {(int)answer.Status}");
        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Status_Polls_CostAtMostOneRpcCall_WhileSubmitted_AndOnceMined()
    {
        using var page = new PageApi(fixture);
        var (link, token, _, built) = await SignedAsync(page, 7);
        await page.Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(false)]);
        string hash;
        try
        {
            hash = await page.Rpc.SendTransactionAsync(built);
            Assert.Equal(HttpStatusCode.OK, (await page.PostAsync(link, "submitted", new { token, hash })).Status);
            var pending = await fixture.Counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(link, $"status?token={token}")).Status));
            output.WriteLine($"/status while submitted: {pending} RPC call(s)");
            Assert.True(pending <= 1, $"{pending} calls");
        }
        finally
        {
            await page.Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(true)]);
            await page.Rpc.RequestAsync("evm_mine", []);
        }

        await page.Watcher(new ChatSenders([new RecordingSender("console")])).PollOnceAsync(CancellationToken.None);
        Assert.Equal(SigningStatus.Mined, (await page.StateAsync(link)).Parsed);
        var first = await fixture.Counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(link, $"status?token={token}")).Status));
        var polls = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            polls.Add(await fixture.Counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(link, $"status?token={token}")).Status)));
        }

        output.WriteLine($"/status once mined: first {first} RPC call(s), then {string.Join(", ", polls)}");
        Assert.All(polls, p => Assert.True(p <= 1, $"{p} calls"));
    }

    [Fact]
    public async Task Outcome_OfAQuoteAskedInATelegramGroup_GoesToTheUsersPrivateChat_NeverTheGroup()
    {
        using var page = new PageApi(fixture);
        var account = await FundedAsync(8);
        var link = await page.LinkAsync(new ChatMessage("telegram", "-100500", "43", "/leverage 2x USDC 10", Guid.NewGuid().ToString("N")));
        var (token, session) = await page.ConnectAsync(link, account);
        var hash = await page.Rpc.SendTransactionAsync(await page.SignAsync(link, token, session, account));
        Assert.True((await page.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(20))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await page.PostAsync(link, "submitted", new { token, hash })).Status);
        var telegram = new RecordingSender("telegram");

        await page.Watcher(new ChatSenders([telegram, new RecordingSender("console")])).PollOnceAsync(CancellationToken.None);

        var (chat, text) = Assert.Single(telegram.Sent);
        Assert.Equal("43", chat); // a Telegram private chat's id is the user's id
        Assert.StartsWith("Done: leverage USDC", text, StringComparison.Ordinal);
        Assert.Contains("Health factor", text, StringComparison.Ordinal);
    }

    private static ChatMessage Stranger(int index, string text) => new("console", "console", $"stranger{index}", text, Guid.NewGuid().ToString("N"));

    private static string UnknownHash() => Hex.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static JsonObject SelfTransfer(Address account, System.Numerics.BigInteger nonce) => new()
    {
        ["from"] = account.ToLowerHex(), ["to"] = account.ToLowerHex(), ["value"] = "0x0", ["gas"] = "0x5208", ["nonce"] = Hex.FromBigInteger(nonce),
        ["maxFeePerGas"] = "0x174876e800", ["maxPriorityFeePerGas"] = "0x1", ["chainId"] = "0xa",
    };

    private static async Task<System.Numerics.BigInteger> NonceAsync(PageApi page, Address account) =>
        EthMethods.Quantity(await page.Rpc.RequestAsync("eth_getTransactionCount", [EthMethods.Json(account.ToString()), EthMethods.Json("pending")]));

    private async Task<Address> FundedAsync(int index)
    {
        var devnet = fixture.Demo.Devnet;
        await devnet.MintAsync(devnet.Deployment.Market("USDC").Asset, devnet.Accounts[index], 10 * System.Numerics.BigInteger.Pow(10, 6));
        return devnet.Accounts[index];
    }

    /// <summary>A stranger's quote, connected and signed by anvil account <paramref name="index"/>: the built transaction, not sent.</summary>
    private async Task<(Uri Link, string Token, Address Account, TransactionRequest Built)> SignedAsync(PageApi page, int index)
    {
        var account = await FundedAsync(index);
        var link = await page.LinkAsync(Stranger(index, "/leverage 2x USDC 10"));
        var (token, session) = await page.ConnectAsync(link, account);
        return (link, token, account, await page.SignAsync(link, token, session, account));
    }
}
