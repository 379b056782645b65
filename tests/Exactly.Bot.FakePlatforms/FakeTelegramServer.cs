using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.FakePlatforms;

/// <summary>
/// A message the fake accepted, as the chat shows it now: <see cref="Text"/> and <see cref="ReplyMarkup"/> are the latest
/// edit's, <see cref="OriginalText"/> what was first sent, <see cref="Edits"/> how many edits changed it. <see cref="Seq"/>
/// is its message_id.
/// </summary>
public sealed record TelegramSent(long ChatId, string Text, string? ParseMode, JsonNode? ReplyMarkup, long AtMs, int Seq, bool Photo = false)
{
    /// <summary>The text it was sent with.</summary>
    public string OriginalText { get; init; } = Text;

    /// <summary>Successful editMessageText calls on it.</summary>
    public int Edits { get; init; }
}

/// <summary>
/// A loopback Bot API server (Kestrel on 127.0.0.1) that keeps Telegram's rules, no looser and no stricter (PLATFORMS.md):
/// it takes what Telegram takes (a bare POST for a method without parameters, <c>parse_mode</c> in any case, a photo as
/// <c>attach://&lt;part&gt;</c>, as Telegram.Bot sends them), and refuses what Telegram refuses: updates are
/// re-delivered until getUpdates confirms them with a higher offset; a second concurrent getUpdates gets 409; sendMessage
/// enforces ~1/s per chat, 20/min per group and 30/s global with 429 + retry_after, and records a violation when a scope is
/// used again before its retry_after ended; text must be 1–4096 characters after HTML parsing; buttons must be valid
/// (URL http/https/tg, callback_data 1–64 bytes); a private chat whose user never started the bot gets 403.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly WebApplication app;
    private readonly SortedDictionary<long, JsonObject> pending = [];
    private readonly Dictionary<long, long> lastChatSend = [];
    private readonly Dictionary<long, Queue<long>> groupSends = [];
    private readonly Queue<long> globalSends = new();
    private readonly Dictionary<string, long> blockedUntil = new(StringComparer.Ordinal);
    // Each request answered 429 (chat, kind and content) and when the retry_after given for it ends.
    private readonly Dictionary<string, long> refused = new(StringComparer.Ordinal);
    private readonly HashSet<long> started = [];
    private readonly HashSet<(long Chat, long Id)> userMessages = [];
    private TaskCompletionSource newUpdate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextUpdateId = 1;
    private bool polling;
    private int seq;

    private readonly long startedAt;

    private FakeTelegramServer(WebApplication app, FakeTelegramOptions options)
    {
        this.app = app;
        Options = options;
        startedAt = options.Time.GetTimestamp();
    }

    public FakeTelegramOptions Options { get; }

    public string Token => Options.Token;

    public Uri BaseUrl { get; private set; } = null!;

    public List<TelegramSent> Sent { get; } = [];

    public List<string> Violations { get; } = [];

    public List<long> ChatActions { get; } = [];

    public int TooManyRequests { get; private set; }

    public int Conflicts { get; private set; }

    public long ConfirmedBelow { get; private set; }

    public JsonArray? Commands { get; private set; }

    public string? WebhookUrl { get; private set; }

    public int RequestCount { get; private set; }

    /// <summary>getUpdates calls received (including refused ones).</summary>
    public int GetUpdatesCalls { get; private set; }

    /// <summary>The message_id of the last message <see cref="PushMessage"/> queued.</summary>
    public long LastUserMessageId { get; private set; }

    /// <summary>editMessageText calls answered "message is not modified" (a repeated edit).</summary>
    public int NotModified { get; private set; }

    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramOptions? options = null, int port = 0)
    {
        options ??= new FakeTelegramOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new FakeTelegramServer(app, options);
        app.MapPost("/bot{token}/{method}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>Milliseconds since the fake started.</summary>
    public long NowMs => (long)Options.Time.GetElapsedTime(startedAt).TotalMilliseconds;

    /// <summary>Marks a user as having started the bot, so their private chat accepts messages.</summary>
    public void StartedBy(long userId)
    {
        lock (gate)
        {
            started.Add(userId);
        }
    }

    /// <summary>Queues a text message update; returns its update_id.</summary>
    public long PushMessage(long chatId, long userId, string text)
    {
        lock (gate)
        {
            var id = nextUpdateId++;
            if (chatId > 0 && text.StartsWith("/start", StringComparison.Ordinal))
            {
                started.Add(userId);
            }

            // Message ids are unique within a chat across users and the bot, as on Telegram.
            var messageId = ++seq;
            LastUserMessageId = messageId;
            userMessages.Add((chatId, messageId));
            pending[id] = new JsonObject
            {
                ["update_id"] = id,
                ["message"] = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["date"] = 0,
                    ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
                    ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "U", ["username"] = $"user{userId}" },
                    ["text"] = text,
                },
            };
            newUpdate.TrySetResult();
            return id;
        }
    }

    public int PendingUpdates
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public TelegramSent[] SentSnapshot()
    {
        lock (gate)
        {
            return [.. Sent];
        }
    }

    public string[] ViolationsSnapshot()
    {
        lock (gate)
        {
            return [.. Violations];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpContext context)
    {
        lock (gate)
        {
            RequestCount++;
        }

        if (token != "bot" + Options.Token && token != Options.Token)
        {
            return Error(401, "Unauthorized");
        }

        if (method == "sendPhoto" && Options.RefusePhotosWith is { } refused)
        {
            return Error(refused, refused >= 500 ? "Internal Server Error" : "Bad Request: photo refused by the fault mode");
        }

        if (method == "sendPhoto" && context.Request.HasFormContentType)
        {
            return await SendPhotoAsync(context.Request);
        }

        JsonObject body;
        try
        {
            // Telegram takes a method without parameters as a bare POST (no body, or an empty one): that is no JSON to parse.
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            body = text.Trim().Length == 0 ? [] : JsonSerializer.Deserialize<JsonObject>(text) ?? [];
        }
        catch (JsonException)
        {
            return Error(400, "Bad Request: can't parse JSON");
        }

        return method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "Exactly", ["username"] = Options.BotUsername }),
            "setMyCommands" when Options.RefuseSetMyCommandsWith is { } code => Error(code, code >= 500 ? "Internal Server Error" : "Bad Request: BOT_COMMAND_INVALID"),
            "setMyCommands" => SetMyCommands(body),
            "deleteWebhook" => DeleteWebhook(),
            "setWebhook" => SetWebhook(body),
            "getUpdates" => await GetUpdatesAsync(body, context.RequestAborted),
            "sendMessage" => await SendMessageAsync(body, context.RequestAborted),
            "editMessageText" => EditMessageText(body),
            "sendChatAction" => ChatAction(body),
            _ => Error(404, "Not Found: method not found"),
        };
    }
}
