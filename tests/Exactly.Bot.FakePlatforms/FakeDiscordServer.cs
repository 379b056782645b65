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
public sealed class FakeDiscordServer : IAsyncDisposable
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

    private async Task<IResult> HandleAsync(string path, HttpContext context)
    {
        var method = context.Request.Method;
        var parts = path.Split('/');
        var isWebhook = parts[0] == "webhooks";
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body);
            }
            catch (JsonException)
            {
                return Error(400, 50109, "The request body contains invalid JSON.");
            }
        }

        lock (gate)
        {
            if (!isWebhook && context.Request.Headers.Authorization != "Bot " + Options.BotToken)
            {
                InvalidRequests++;
                return Error(401, 0, "401: Unauthorized");
            }

            var now = NowMs;
            var major = isWebhook ? $"webhooks/{parts[1]}/{parts[2]}" : parts[0] is "channels" ? $"channels/{parts[1]}" : string.Empty;
            var route = method + " " + string.Join('/', parts.Select(p => p.All(char.IsAsciiDigit) || p.StartsWith("itoken-", StringComparison.Ordinal) || p.StartsWith("dm-", StringComparison.Ordinal) ? "{id}" : p));
            var bucketId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(route)))[..12].ToLowerInvariant();
            var bucketKey = bucketId + "|" + major;
            foreach (var scope in isWebhook ? new[] { bucketKey } : ["global", bucketKey])
            {
                if (blockedUntil.TryGetValue(scope, out var until) && until > now)
                {
                    // A request already in flight when the 429 went out could not know; later ones could.
                    if (now - blockStarted.GetValueOrDefault(scope) > 50)
                    {
                        Violations.Add($"{route} sent {until - now} ms inside the retry_after of {scope}");
                    }

                    return TooMany(context, (until - now) / 1000.0, scope == "global", bucketId);
                }
            }

            if (!isWebhook)
            {
                while (globalRequests.Count > 0 && globalRequests.Peek() <= now - 1000)
                {
                    globalRequests.Dequeue();
                }

                if (globalRequests.Count >= Options.GlobalPerSecond)
                {
                    var wait = globalRequests.Peek() + 1000 - now;
                    blockedUntil["global"] = now + wait;
                    blockStarted["global"] = now;
                    return TooMany(context, wait / 1000.0, true, bucketId);
                }
            }

            var bucket = buckets.TryGetValue(bucketKey, out var b) && b.Start + Options.BucketWindowMs > now ? b : (Start: now, Used: 0);
            if (bucket.Used >= Options.BucketLimit)
            {
                var wait = bucket.Start + Options.BucketWindowMs - now;
                blockedUntil[bucketKey] = now + wait;
                blockStarted[bucketKey] = now;
                return TooMany(context, wait / 1000.0, false, bucketId);
            }

            bucket = (Start: bucket.Start, Used: bucket.Used + 1);
            buckets[bucketKey] = bucket;
            if (!isWebhook)
            {
                globalRequests.Enqueue(now);
            }

            var resetAfter = (bucket.Start + Options.BucketWindowMs - now) / 1000.0;
            context.Response.Headers["X-RateLimit-Bucket"] = bucketId;
            context.Response.Headers["X-RateLimit-Limit"] = Options.BucketLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Remaining"] = (Options.BucketLimit - bucket.Used).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
            return Route(method, parts, body as JsonObject, body);
        }
    }

    private IResult Route(string method, string[] parts, JsonObject? body, JsonNode? raw)
    {
        var now = NowMs;
        switch (method, parts)
        {
            case ("PUT", ["applications", var appId, "commands"]) when appId == Options.ApplicationId && raw is JsonArray commands:
                foreach (var c in commands)
                {
                    var name = c?["name"]?.GetValue<string>() ?? string.Empty;
                    var description = c?["description"]?.GetValue<string>() ?? string.Empty;
                    if (name.Length is < 1 or > 32 || name.Any(char.IsUpper) || description.Length is < 1 or > 100)
                    {
                        return Error(400, 50035, $"Invalid Form Body (command {name})");
                    }

                    var sawOptional = false;
                    foreach (var o in c?["options"]?.AsArray() ?? [])
                    {
                        var required = o?["required"]?.GetValue<bool>() ?? false;
                        if (required && sawOptional)
                        {
                            return Error(400, 50035, "Invalid Form Body (required options must be placed before non-required options)");
                        }

                        sawOptional |= !required;
                    }
                }

                Commands = commands;
                return Results.Json(commands);
            case ("PATCH", ["webhooks", var appId, _, "messages", "@original"]) when appId == Options.ApplicationId:
            case ("POST", ["webhooks", var appId2, _]) when appId2 == Options.ApplicationId:
                var t = parts[2];
                if (!tokens.TryGetValue(t, out var state) || !state.Acked || now - state.CreatedMs > 15 * 60_000)
                {
                    InvalidRequests++;
                    return Error(404, 10015, "Unknown Webhook");
                }

                if (ValidateMessage(body) is { } invalid)
                {
                    return Error(400, 50035, invalid);
                }

                Sent.Add(new DiscordSent(method == "PATCH" ? "edit" : "followup", t, body!, now));
                return Results.Json(new JsonObject { ["id"] = (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            case ("POST", ["users", "@me", "channels"]):
                var recipient = body?["recipient_id"]?.GetValue<string>() ?? string.Empty;
                return Results.Json(new JsonObject { ["id"] = "dm-" + recipient, ["type"] = 1 });
            case ("POST", ["channels", var channel, "messages"]):
                if (ValidateMessage(body) is { } bad)
                {
                    return Error(400, 50035, bad);
                }

                if (channel.StartsWith("dm-", StringComparison.Ordinal))
                {
                    DmAttempts++;
                    if (UsersRefusingDms.Contains(channel[3..]))
                    {
                        InvalidRequests++;
                        return Error(403, 50007, "Cannot send messages to this user");
                    }
                }

                Sent.Add(new DiscordSent(channel.StartsWith("dm-", StringComparison.Ordinal) ? "dm" : "channel", channel, body!, now));
                return Results.Json(new JsonObject { ["id"] = (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), ["channel_id"] = channel });
            default:
                return Error(404, 0, "404: Not Found");
        }
    }

    private static string? ValidateMessage(JsonObject? body)
    {
        var content = body?["content"]?.GetValue<string>() ?? string.Empty;
        var rows = body?["components"]?.AsArray() ?? [];
        if (content.Length == 0 && rows.Count == 0)
        {
            return "Cannot send an empty message";
        }

        if (content.Length > 2000)
        {
            return "content: Must be 2000 or fewer in length.";
        }

        if (rows.Count > 5)
        {
            return "components: Must be 5 or fewer in length.";
        }

        foreach (var row in rows)
        {
            var buttons = row?["components"]?.AsArray() ?? [];
            if (row?["type"]?.GetValue<int>() != 1 || buttons.Count is 0 or > 5)
            {
                return "components: an action row holds 1-5 buttons";
            }

            foreach (var button in buttons)
            {
                var label = button?["label"]?.GetValue<string>() ?? string.Empty;
                var url = button?["url"]?.GetValue<string>();
                if (button?["type"]?.GetValue<int>() != 2 || button?["style"]?.GetValue<int>() != 5 || url is null || button["custom_id"] is not null)
                {
                    return "components: a link button is type 2, style 5, with a url and no custom_id";
                }

                if (label.Length > 80 || url.Length > 512 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "discord"))
                {
                    return "components: invalid button label or url";
                }
            }
        }

        return null;
    }

    private IResult TooMany(HttpContext context, double retryAfter, bool global, string bucket)
    {
        TooManyRequests++;
        InvalidRequests++;
        context.Response.Headers["X-RateLimit-Bucket"] = bucket;
        context.Response.Headers["X-RateLimit-Scope"] = global ? "global" : "user";
        if (global)
        {
            context.Response.Headers["X-RateLimit-Global"] = "true";
        }

        var seconds = Math.Max(0.001, retryAfter);
        context.Response.Headers["Retry-After"] = Math.Ceiling(seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = seconds, ["global"] = global }, statusCode: 429);
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message }, statusCode: status);
}
