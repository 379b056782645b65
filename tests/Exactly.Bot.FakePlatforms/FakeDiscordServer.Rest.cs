using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The methods and rules of <see cref="FakeDiscordServer"/>.</summary>
public sealed partial class FakeDiscordServer
{
    private async Task<IResult> HandleAsync(string path, HttpContext context)
    {
        var method = context.Request.Method;
        var parts = path.Split('/');
        var isWebhook = parts[0] == "webhooks";
        JsonNode? body = null;
        if (context.Request.HasFormContentType)
        {
            // Messages with files: the JSON goes in payload_json, each attachments[i].id names a files[id] part.
            var form = await context.Request.ReadFormAsync();
            if (Options.RefuseFilesWith is { } refused)
            {
                return Error(refused, 0, $"{refused}: Internal Server Error");
            }

            body = JsonNode.Parse(form["payload_json"].ToString());
            foreach (var attachment in body?["attachments"]?.AsArray() ?? [])
            {
                var file = form.Files.GetFile($"files[{attachment?["id"]}]");
                if (file is null || file.Length == 0 || file.Length > 25 * 1024 * 1024)
                {
                    return Error(400, 50035, "Invalid Form Body (attachments: a file is missing or too large)");
                }
            }

            if (body is JsonObject withFiles)
            {
                withFiles["_files"] = form.Files.Count;
            }
        }
        else if (context.Request.ContentLength is > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
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
                        if (o?["autocomplete"]?.GetValue<bool>() == true && (o["choices"] is not null || o["type"]?.GetValue<int>() is not (3 or 4 or 10)))
                        {
                            return Error(400, 50035, "Invalid Form Body (autocomplete is only for string, integer and number options without choices)");
                        }

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

                return CreateMessage(channel, body!, now);
            default:
                return Error(404, 0, "404: Not Found");
        }
    }

    /// <summary>
    /// Creates a channel/DM message. Discord's nonce rule: <c>nonce</c> is an integer or a string of at most 25 characters;
    /// with <c>enforce_nonce</c> it "will be checked for uniqueness in the past few minutes. If another message was created
    /// by the same author with the same nonce, that message will be returned and no new message will be created" (Create
    /// Message docs, as quoted by nyxx's MessageBuilder.enforceNonce and NetCord's NonceProperties.Unique). The author is
    /// always the bot here, so the key is channel + nonce.
    /// </summary>
    private IResult CreateMessage(string channel, JsonObject body, long now)
    {
        var nonceNode = body["nonce"];
        string? nonce = null;
        if (nonceNode is not null)
        {
            nonce = nonceNode.GetValueKind() == JsonValueKind.Number ? nonceNode.ToJsonString() : nonceNode.GetValue<string>();
            if (nonce.Length > 25)
            {
                return Error(400, 50035, "Invalid Form Body (nonce: Must be 25 or fewer in length.)");
            }
        }

        if (nonce is not null && body["enforce_nonce"]?.GetValue<bool>() == true
            && nonces.TryGetValue((channel, nonce), out var seen) && now - seen.AtMs <= Options.NonceWindowMs)
        {
            NonceRepeats++;
            return Results.Json(seen.Message.DeepClone());
        }

        Sent.Add(new DiscordSent(channel.StartsWith("dm-", StringComparison.Ordinal) ? "dm" : "channel", channel, body, now));
        var message = new JsonObject { ["id"] = (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), ["channel_id"] = channel, ["nonce"] = nonce };
        if (nonce is not null)
        {
            nonces[(channel, nonce)] = (message, now);
        }

        return Results.Json(message);
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
