using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Telegram;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Forged Discord signatures/timestamps/bodies and wrong Telegram secrets: all 401, nothing stored, nothing sent.</summary>
public sealed class ForgedInputTests
{
    private const string Secret = "webhook_Secret-123";

    [Fact]
    public async Task ThousandForgedDiscordRequests_AndWrongTelegramSecrets_AreAll401_WithZeroSideEffects()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var discord = await FakeDiscordServer.StartAsync();
        var settings = TransportHost.Settings(telegram, discord);
        settings["Telegram:Mode"] = "Webhook";
        settings["Telegram:WebhookUrl"] = "https://bot.example.com/telegram/webhook";
        settings["Telegram:SecretToken"] = Secret;
        await using var host = await TransportHost.StartAsync(settings);
        var endpoint = new Uri(host.Url, "/discord/interactions");
        var rng = new Random(6);
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < 1000; i++)
        {
            var interaction = discord.Command("leverage", "9" + i.ToString(CultureInfo.InvariantCulture), ("ratio", 3, "3x"), ("asset", 3, "USDC"), ("amount", 10, 100));
            var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            var timestamp = now.ToString(CultureInfo.InvariantCulture);
            var signature = discord.Sign(timestamp, body);
            string? sig = signature;
            string? ts = timestamp;
            switch (i % 8)
            {
                case 0: // one hex digit of the signature changed
                    var at = rng.Next(signature.Length);
                    sig = signature[..at] + (signature[at] == '0' ? '1' : '0') + signature[(at + 1)..];
                    break;
                case 1: // timestamp changed, signature kept
                    ts = (now + rng.Next(1, 1000) * (rng.Next(2) == 0 ? -1 : 1)).ToString(CultureInfo.InvariantCulture);
                    break;
                case 2: // one body byte changed
                    body[rng.Next(body.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 3: // headers missing
                    (sig, ts) = rng.Next(3) switch { 0 => (null, ts), 1 => (sig, null), _ => ((string?)null, (string?)null) };
                    break;
                case 4: // signed by another key
                    await using (var other = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { KeySeed = 1000 + i }))
                    {
                        sig = other.Sign(timestamp, body);
                    }

                    break;
                case 5: // a valid signature over an old timestamp: a replay
                    ts = (now - 3600).ToString(CultureInfo.InvariantCulture);
                    sig = discord.Sign(ts, body);
                    break;
                case 6: // malformed signature text
                    sig = rng.Next(3) switch { 0 => signature[..^2], 1 => signature + "00", _ => "zz" + signature[2..] };
                    break;
                default: // body appended to after signing
                    body = [.. body, (byte)' '];
                    break;
            }

            var result = await discord.PostRawAsync(endpoint, body, sig, ts);
            statuses[result.Status] = statuses.GetValueOrDefault(result.Status) + 1;
        }

        // Telegram webhook: missing, empty, near-miss and duplicated secret headers.
        var update = new JsonObject
        {
            ["update_id"] = 77,
            ["message"] = new JsonObject
            {
                ["message_id"] = 1, ["date"] = 0, ["text"] = "/help",
                ["chat"] = new JsonObject { ["id"] = 5, ["type"] = "private" },
                ["from"] = new JsonObject { ["id"] = 5, ["is_bot"] = false, ["first_name"] = "U" },
            },
        }.ToJsonString();
        string?[][] secrets =
        [
            [], [string.Empty], [Secret.ToUpperInvariant()], [Secret[..^1]], [Secret + "x"], [Secret[..5] + " " + Secret[5..]], ["x" + Secret[1..]],
            [Secret, Secret], ["wrong"], [new string('a', 256)], [Secret.Replace('_', '-')],
        ];
        using var http = new HttpClient();
        var telegramRejected = 0;
        foreach (var values in secrets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Url, TelegramWebhook.Path)) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            if (values.Length > 0)
            {
                request.Headers.TryAddWithoutValidation(TelegramWebhook.SecretHeader, values);
            }

            using var response = await http.SendAsync(request);
            telegramRejected += response.StatusCode == HttpStatusCode.Unauthorized ? 1 : 0;
        }

        await Task.Delay(500);
        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.Unauthorized] = 1000 }, statuses);
        Assert.Equal(secrets.Length, telegramRejected);
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM inbound_events"));
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM outbox"));
        Assert.Empty(discord.SentSnapshot());
        Assert.Empty(telegram.SentSnapshot());

        // The genuine ones pass: the webhook was registered with the secret, and the right header is accepted, once.
        Assert.Equal("https://bot.example.com/telegram/webhook", telegram.WebhookUrl);
        telegram.StartedBy(5);
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Url, TelegramWebhook.Path)) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var ping = await discord.SendInteractionAsync(endpoint, new JsonObject { ["id"] = "1", ["application_id"] = discord.Options.ApplicationId, ["type"] = 1, ["version"] = 1 });
        Assert.Equal(HttpStatusCode.OK, ping.Status);
        Assert.Equal(1, ping.Response!["type"]!.GetValue<int>());
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Length == 1, "the genuine update is answered");
        await Task.Delay(300);
        Assert.Single(telegram.SentSnapshot());
    }
}
