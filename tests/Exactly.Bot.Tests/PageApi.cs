using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Tests;

/// <summary>
/// The signing page's HTTP API driven the way the page drives it, over real HTTP, with anvil's unlocked accounts as the
/// wallet (they sign typed data and send transactions on request).
/// </summary>
public sealed class PageApi(IdleWatcherFixture fixture) : IDisposable
{
    private readonly HttpClient http = new();

    public JsonRpcClient Rpc => fixture.Demo.Devnet.Rpc;

    /// <summary>Asks the bot for a quote and returns its signing link.</summary>
    public async Task<Uri> LinkAsync(ChatMessage message)
    {
        var reply = await fixture.App.Services.GetRequiredService<ChatBot>().HandleAsync(message, CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        return reply.Links[0].Url;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(Uri link, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(link, $"{link.Segments[^1]}/{path}"), body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(Uri link, string path)
    {
        using var response = await http.GetAsync(new Uri(link, $"{link.Segments[^1]}/{path}"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Connects <paramref name="account"/>; returns the page token and the connect answer.</summary>
    public async Task<(string Token, JsonElement Session)> ConnectAsync(Uri link, Address account)
    {
        var (status, body) = await PostAsync(link, "connect", new { account = account.ToString(), chainId = 10 });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("token").GetString()!, body);
    }

    /// <summary>Signs every permit with <paramref name="account"/> (anvil) and posts them; returns the transaction handed out.</summary>
    public async Task<TransactionRequest> SignAsync(Uri link, string token, JsonElement session, Address account)
    {
        var signatures = new List<string>();
        foreach (var permit in session.GetProperty("permits").EnumerateArray())
        {
            signatures.Add((await Rpc.RequestAsync("eth_signTypedData_v4", [account.ToLowerHex(), permit.GetProperty("typedData").GetRawText()])).GetString()!);
        }

        var (status, body) = await PostAsync(link, "sign", new { token, chainId = 10, signatures });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var tx = body.GetProperty("tx");
        return new TransactionRequest(
            Address.Parse(tx.GetProperty("to").GetString()!), Hex.Decode(tx.GetProperty("data").GetString()!), Address.Parse(tx.GetProperty("from").GetString()!),
            Gas: Hex.ToBigInteger(tx.GetProperty("gas").GetString()!));
    }

    /// <summary>A plain ETH self-transfer from <paramref name="account"/>, mined; returns its hash.</summary>
    public async Task<string> SelfTransferAsync(Address account)
    {
        var hash = await Rpc.SendTransactionAsync(new TransactionRequest(account, [], account, Gas: 21_000));
        Assert.True((await Rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(20))).Succeeded);
        return hash;
    }

    public Task<SigningSessionState> StateAsync(Uri link) =>
        fixture.App.Services.GetRequiredService<SigningSessionLedger>().GetAsync(link.Segments[^1], CancellationToken.None)!;

    /// <summary>A receipt watcher of the test's own (the fixture's stays idle), posting through <paramref name="senders"/> when given.</summary>
    public ReceiptWatcher Watcher(ChatSenders? senders = null)
    {
        var services = fixture.App.Services;
        var poster = senders is null
            ? services.GetRequiredService<OutcomePoster>()
            : new OutcomePoster(new ChatOutcomeSender(senders), services.GetRequiredService<ILogger<OutcomePoster>>());
        return ActivatorUtilities.CreateInstance<ReceiptWatcher>(services, poster, TimeProvider.System);
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A transport's sender that records what it was asked to send, and where.</summary>
public sealed class RecordingSender(string transport) : IChatSender
{
    public string Transport => transport;

    public List<(string ChatId, string Text)> Sent { get; } = [];

    public Task SendAsync(string chatId, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (Sent)
        {
            Sent.Add((chatId, reply.Text));
        }

        return Task.CompletedTask;
    }
}
