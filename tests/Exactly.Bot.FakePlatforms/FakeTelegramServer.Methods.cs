using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The methods and rules of <see cref="FakeTelegramServer"/>.</summary>
public sealed partial class FakeTelegramServer
{
    private IResult SetMyCommands(JsonObject body)
    {
        if (body["commands"] is not JsonArray commands || commands.Count > 100)
        {
            return Error(400, "Bad Request: commands must be an array of at most 100");
        }

        foreach (var c in commands)
        {
            var name = c?["command"]?.GetValue<string>() ?? string.Empty;
            var description = c?["description"]?.GetValue<string>() ?? string.Empty;
            if (name.Length is < 1 or > 32 || !name.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') || description.Length is < 1 or > 256)
            {
                return Error(400, $"Bad Request: BOT_COMMAND_INVALID ({name})");
            }
        }

        lock (gate)
        {
            Commands = commands;
        }

        return Ok(true);
    }

    private IResult DeleteWebhook()
    {
        lock (gate)
        {
            WebhookUrl = null;
        }

        return Ok(true);
    }

    private IResult SetWebhook(JsonObject body)
    {
        var secret = body["secret_token"]?.GetValue<string>();
        if (secret is not null && (secret.Length is < 1 or > 256 || !secret.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
        {
            return Error(400, "Bad Request: secret token contains unallowed characters");
        }

        lock (gate)
        {
            WebhookUrl = body["url"]?.GetValue<string>();
        }

        return Ok(true);
    }

    private async Task<IResult> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>() ?? 0;
        var timeout = Options.AnswerGetUpdatesAtOnce ? 0 : Math.Min(body["timeout"]?.GetValue<int>() ?? 0, 50);
        lock (gate)
        {
            GetUpdatesCalls++;
            if (WebhookUrl is not null)
            {
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            if (polling)
            {
                Conflicts++;
                return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            }

            polling = true;
        }

        try
        {
            var deadline = NowMs + (timeout * 1000L);
            while (true)
            {
                Task wake;
                lock (gate)
                {
                    if (offset > 0)
                    {
                        foreach (var id in pending.Keys.Where(id => id < offset).ToList())
                        {
                            pending.Remove(id);
                        }

                        ConfirmedBelow = Math.Max(ConfirmedBelow, offset);
                    }

                    var ready = pending.Where(p => p.Key >= offset).Take(100).Select(p => (JsonNode)p.Value.DeepClone()).ToArray();
                    if (ready.Length > 0 || NowMs >= deadline)
                    {
                        return Ok(new JsonArray(ready));
                    }

                    if (newUpdate.Task.IsCompleted)
                    {
                        newUpdate = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    wake = newUpdate.Task;
                }

                var left = deadline - NowMs;
                try
                {
                    await wake.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(1, left)), aborted);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            lock (gate)
            {
                polling = false;
            }
        }
    }

    private IResult ChatAction(JsonObject body)
    {
        lock (gate)
        {
            ChatActions.Add(body["chat_id"]?.GetValue<long>() ?? 0);
        }

        return Ok(true);
    }

    /// <summary>
    /// The text rules shared by sendMessage and editMessageText: parse mode, entities, 1–4096 visible characters (the
    /// methods word the too-long error differently), valid buttons. Null when valid, with the visible text.
    /// </summary>
    private static IResult? ValidateText(JsonObject body, string tooLong, out string visible)
    {
        var text = body["text"]?.GetValue<string>() ?? string.Empty;
        var parseMode = body["parse_mode"]?.GetValue<string>();
        var markup = body["reply_markup"];
        visible = text;
        // Telegram reads parse_mode without regard to case ("HTML", "html" and "Html" all mean HTML).
        var html = string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase);
        if (html && !TelegramHtml.TryParse(text, out visible, out var htmlError))
        {
            return Error(400, $"Bad Request: can't parse entities: {htmlError}");
        }
        else if (parseMode is not null && !html)
        {
            return Error(400, "Bad Request: unsupported parse_mode in this fake");
        }

        if (visible.Trim().Length == 0)
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (visible.Length > 4096)
        {
            return Error(400, tooLong);
        }

        return markup is not null && TelegramHtml.ValidateKeyboard(markup) is { } keyboardError ? Error(400, "Bad Request: " + keyboardError) : null;
    }

    /// <summary>multipart sendPhoto: a non-empty image file of at most 10 MB, a caption of at most 1,024 characters.</summary>
    private async Task<IResult> SendPhotoAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var chatId = long.TryParse(form["chat_id"], out var c) ? c : 0;
        var caption = form["caption"].ToString();
        // The file goes as the "photo" part itself, or as a part of any name that the "photo" field points at with
        // attach://<name> (how Telegram.Bot uploads). Telegram reads the image from the bytes, not the part's content type.
        var photo = form["photo"].ToString() is { } reference && reference.StartsWith("attach://", StringComparison.Ordinal)
            ? form.Files.GetFile(reference["attach://".Length..])
            : form.Files.GetFile("photo");
        if (photo is null || photo.Length == 0 || photo.Length > 10 * 1024 * 1024)
        {
            return Error(400, "Bad Request: there is no photo in the request");
        }

        if (caption.Length > 1024)
        {
            return Error(400, "Bad Request: message caption is too long");
        }

        JsonNode? markup = null;
        if (form.TryGetValue("reply_markup", out var markupText) && markupText.Count > 0)
        {
            markup = JsonNode.Parse(markupText.ToString());
            if (markup is null || TelegramHtml.ValidateKeyboard(markup) is { } keyboardError)
            {
                return Error(400, "Bad Request: invalid reply markup");
            }
        }

        return Admit(chatId, caption, null, markup, photo: true);
    }

    /// <summary>Flood limits, private-chat permission, then the message is recorded.</summary>
    private IResult Admit(long chatId, string visible, string? parseMode, JsonNode? markup, bool photo)
    {
        lock (gate)
        {
            if (chatId == 0)
            {
                return Error(400, "Bad Request: chat not found");
            }

            if (chatId > 0 && !started.Contains(chatId))
            {
                return Error(403, "Forbidden: bot can't initiate conversation with a user");
            }

            if (Flood(chatId, $"send {chatId} {photo} {visible}") is { } limited)
            {
                return limited;
            }

            var now = NowMs;
            var id = ++seq;
            Sent.Add(new TelegramSent(chatId, visible, parseMode, markup?.DeepClone(), now, id, photo));
            return Ok(new JsonObject { ["message_id"] = id, ["date"] = 0, ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" }, ["text"] = visible });
        }
    }

    /// <summary>
    /// Flood limits for one request into <paramref name="chatId"/> (call under the lock): a 429 while a scope is blocked or
    /// over its limit, else null with the request counted.
    /// </summary>
    private IResult? Flood(long chatId, string request)
    {
        var now = NowMs;
        var scopes = new List<string> { "global", $"chat:{chatId}" };
        foreach (var scope in scopes)
        {
            if (blockedUntil.TryGetValue(scope, out var until) && until > now)
            {
                // Requests already in flight when the 429 went out could not know of it, however late a busy machine delivers
                // them (a 50 ms grace flagged those under load). The bot provably knew when it re-sends a request this fake
                // answered 429 before the retry_after given for it ended.
                if (refused.TryGetValue(request, out var refusedUntil) && refusedUntil > now)
                {
                    Violations.Add($"sent to {scope} {until - now} ms before its retry_after ended");
                }

                refused[request] = until;
                return TooMany((until - now + 999) / 1000);
            }
        }

        while (globalSends.Count > 0 && globalSends.Peek() <= now - 1000)
        {
            globalSends.Dequeue();
        }

        if (globalSends.Count >= Options.GlobalPerSecond)
        {
            return Limit("global", globalSends.Peek() + 1000 - now, request);
        }

        if (lastChatSend.TryGetValue(chatId, out var last) && now - last < Options.PerChatIntervalMs)
        {
            return Limit($"chat:{chatId}", last + Options.PerChatIntervalMs - now, request);
        }

        if (chatId < 0)
        {
            var group = groupSends.TryGetValue(chatId, out var g) ? g : groupSends[chatId] = new Queue<long>();
            while (group.Count > 0 && group.Peek() <= now - 60_000)
            {
                group.Dequeue();
            }

            if (group.Count >= Options.GroupPerMinute)
            {
                return Limit($"chat:{chatId}", group.Peek() + 60_000 - now, request);
            }

            group.Enqueue(now);
        }

        globalSends.Enqueue(now);
        lastChatSend[chatId] = now;
        return null;
    }

    private IResult Limit(string scope, long waitMs, string request)
    {
        var seconds = Math.Max(1, (waitMs + 999) / 1000);
        blockedUntil[scope] = refused[request] = NowMs + (seconds * 1000);
        return TooMany(seconds);
    }

    private IResult TooMany(long seconds)
    {
        TooManyRequests++;
        return Results.Json(
            new JsonObject { ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {seconds}", ["parameters"] = new JsonObject { ["retry_after"] = seconds } },
            statusCode: 429);
    }

    private static IResult Ok(JsonNode? result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    private static IResult Error(int code, string description) =>
        Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }, statusCode: code);
}
