using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Exactly.Bot.FakePlatforms;

/// <summary>A message the fake accepted: an edit of an original response, a follow-up, or a channel/DM message.</summary>
public sealed record DiscordSent(string Kind, string Target, JsonObject Body, long AtMs);

/// <summary>What the bot answered to an interaction.</summary>
public sealed record InteractionResult(HttpStatusCode Status, JsonObject? Response, long ElapsedMs);

/// <summary>
/// A loopback Discord (Kestrel on 127.0.0.1) as strict as the real one (PLATFORMS.md). It signs interactions with a real
/// Ed25519 key pair and enforces the 3-second first-response deadline (a late answer kills the token: later edits get
/// 10062/404); REST routes need the bot token, are limited per bucket and globally (429 with retry_after, headers
/// X-RateLimit-*), and a request into a scope still inside its retry_after is a recorded violation; messages are validated
/// (content ≤ 2,000, link buttons style 5 with a URL); DMs to users who do not accept them get 403 / 50007.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly WebApplication app;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Ed25519PrivateKeyParameters privateKey;
    private readonly Dictionary<string, (long CreatedMs, bool Acked)> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Start, int Used)> buckets = new(StringComparer.Ordinal);
    private readonly Queue<long> globalRequests = new();
    private readonly Dictionary<string, long> blockedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> blockStarted = new(StringComparer.Ordinal);
    private readonly HttpClient http = new();
    private readonly Dictionary<(string Channel, string Nonce), (JsonObject Message, long AtMs)> nonces = [];
    private long nextId = 1000;

    private FakeDiscordServer(WebApplication app, FakeDiscordOptions options)
    {
        this.app = app;
        Options = options;
        var seed = new byte[32];
        new Random(options.KeySeed).NextBytes(seed);
        privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        PublicKeyHex = Convert.ToHexString(privateKey.GeneratePublicKey().GetEncoded()).ToLowerInvariant();
    }

    public FakeDiscordOptions Options { get; }

    public string PublicKeyHex { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiUrl => new(BaseUrl, "/api/v10");

    public List<DiscordSent> Sent { get; } = [];

    public List<string> Violations { get; } = [];

    public HashSet<string> UsersRefusingDms { get; } = [];

    public int TooManyRequests { get; private set; }

    public int InvalidRequests { get; private set; }

    public int DmAttempts { get; private set; }

    /// <summary>Message creates answered with the existing message because their enforced nonce was seen (no new message).</summary>
    public int NonceRepeats { get; private set; }

    public JsonArray? Commands { get; private set; }

    public static async Task<FakeDiscordServer> StartAsync(FakeDiscordOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeDiscordServer(app, options ?? new FakeDiscordOptions());
        app.Map("/api/v10/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    public long NowMs => clock.ElapsedMilliseconds;

    public DiscordSent[] SentSnapshot()
    {
        lock (gate)
        {
            return [.. Sent];
        }
    }

    /// <summary>An APPLICATION_COMMAND interaction as Discord builds it.</summary>
    public JsonObject Command(string name, string userId, params (string Name, int Type, JsonNode Value)[] options)
    {
        var id = Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = id,
            ["application_id"] = Options.ApplicationId,
            ["type"] = 2,
            ["token"] = "itoken-" + id + "-" + Guid.NewGuid().ToString("N"),
            ["version"] = 1,
            ["channel_id"] = "555",
            ["guild_id"] = "777",
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["username"] = "u" + userId } },
            ["data"] = new JsonObject
            {
                ["id"] = "cmd-" + name,
                ["name"] = name,
                ["type"] = 1,
                ["options"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["type"] = o.Type, ["value"] = o.Value.DeepClone() }).ToArray()),
            },
        };
    }

    /// <summary>An APPLICATION_COMMAND_AUTOCOMPLETE interaction: the user is typing <paramref name="focused"/> = <paramref name="typed"/>.</summary>
    public JsonObject Autocomplete(string name, string userId, string focused, string typed)
    {
        var interaction = Command(name, userId, (focused, 3, JsonValue.Create(typed)));
        interaction["type"] = 4;
        interaction["data"]!["options"]![0]!["focused"] = true;
        return interaction;
    }

    /// <summary>A MESSAGE_COMPONENT (type 3) or MODAL_SUBMIT (type 5) interaction with <paramref name="customId"/>.</summary>
    public JsonObject ComponentOrModal(int type, string customId, string userId)
    {
        var interaction = Command("unused", userId);
        interaction["type"] = type;
        interaction["data"] = type == 3
            ? new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }
            : new JsonObject { ["custom_id"] = customId, ["components"] = new JsonArray() };
        return interaction;
    }

    /// <summary>Records that an interaction with <paramref name="token"/> was acknowledged just now (by a process since gone).</summary>
    public void AcknowledgedToken(string token)
    {
        lock (gate)
        {
            tokens[token] = (NowMs, true);
        }
    }

    /// <summary>Signs and posts an interaction, enforcing the 3-second deadline on the answer.</summary>
    public async Task<InteractionResult> SendInteractionAsync(Uri endpoint, JsonObject interaction, long? unixSeconds = null)
    {
        var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
        var timestamp = (unixSeconds ?? TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var token = interaction["token"]?.GetValue<string>();
        if (token is not null)
        {
            lock (gate)
            {
                tokens[token] = (NowMs, false);
            }
        }

        var result = await PostRawAsync(endpoint, body, Sign(timestamp, body), timestamp);
        var type = result.Response?["type"]?.GetValue<int>();
        if (result.Status == HttpStatusCode.OK && ValidateResponse(interaction["type"]!.GetValue<int>(), result.Response) is { } wrong)
        {
            lock (gate)
            {
                Violations.Add(wrong);
            }
        }

        if (result.ElapsedMs > 3000)
        {
            lock (gate)
            {
                Violations.Add($"interaction answered after {result.ElapsedMs} ms (deadline 3000)");
            }
        }
        else if (token is not null && result.Status == HttpStatusCode.OK && type is 4 or 5)
        {
            lock (gate)
            {
                tokens[token] = (tokens[token].CreatedMs, true);
            }
        }

        return result;
    }

    /// <summary>
    /// Which response types Discord accepts for each interaction type (Interaction Response Type docs): PING only PONG (1);
    /// a command 4, 5 or 9 (modal); a component also 6/7 (deferred update / update message); a modal submit 4–7; an
    /// autocomplete only 8, with at most 25 choices whose name and string value are 1–100 characters.
    /// </summary>
    private static string? ValidateResponse(int interactionType, JsonObject? response)
    {
        var type = response?["type"]?.GetValue<int>() ?? 0;
        int[] allowed = interactionType switch
        {
            1 => [1],
            2 => [4, 5, 9],
            3 => [4, 5, 6, 7, 9],
            4 => [8],
            5 => [4, 5, 6, 7],
            _ => [],
        };
        if (!allowed.Contains(type))
        {
            return $"response type {type} is not valid for interaction type {interactionType}";
        }

        if (type == 8)
        {
            var choices = response!["data"]?["choices"] as JsonArray;
            if (choices is null || choices.Count > 25)
            {
                return "autocomplete result: choices must be an array of at most 25";
            }

            foreach (var choice in choices)
            {
                var name = choice?["name"]?.GetValue<string>() ?? string.Empty;
                var value = choice?["value"];
                if (name.Length is < 1 or > 100 || value is null || value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>().Length is < 1 or > 100)
                {
                    return $"autocomplete result: invalid choice {choice?.ToJsonString()}";
                }
            }
        }
        else if (type == 4 && ValidateMessage(response!["data"] as JsonObject) is { } invalid)
        {
            return "interaction response message: " + invalid;
        }

        return null;
    }

    /// <summary>Posts raw bytes with the given headers (null = header missing): for forged requests.</summary>
    public async Task<InteractionResult> PostRawAsync(Uri endpoint, byte[] body, string? signature, string? timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        }

        var started = NowMs;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        if (response.IsSuccessStatusCode && text.Length > 0)
        {
            json = JsonNode.Parse(text) as JsonObject;
        }

        return new InteractionResult(response.StatusCode, json, NowMs - started);
    }

    public string Sign(string timestamp, byte[] body)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        signer.BlockUpdate(prefix, 0, prefix.Length);
        signer.BlockUpdate(body, 0, body.Length);
        return Convert.ToHexString(signer.GenerateSignature()).ToLowerInvariant();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
