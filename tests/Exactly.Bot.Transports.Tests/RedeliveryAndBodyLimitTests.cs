using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Telegram;

namespace Exactly.Bot.Transports.Tests;

/// <summary>An answered Discord interaction that arrives again does nothing (item 5); oversized webhook bodies get 413 (item 12).</summary>
public sealed class RedeliveryAndBodyLimitTests
{
    private const string Secret = "webhook_Secret-123";

    [Fact]
    public async Task DiscordInteractionAnsweredBefore_ArrivingAgainBeforeAndAfterARestart_StaysDone_AndIsNotRunAgain()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var db = TransportHost.NewDatabasePath();
        var interaction = discord.Command("nothing", "31");
        var id = interaction["id"]!.GetValue<string>();
        var token = interaction["token"]!.GetValue<string>();
        var state = $"SELECT state FROM inbound_events WHERE transport = 'discord' AND event_id = '{id}'";
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
            var endpoint = new Uri(host.Url, "/discord/interactions");
            await TransportHost.PingDiscordAsync(discord, endpoint);
            await discord.SendInteractionAsync(endpoint, interaction);
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the answer is delivered");

            await discord.SendInteractionAsync(endpoint, interaction);
            Assert.Equal("done", State(host, state));
        }

        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
            await discord.SendInteractionAsync(new Uri(host.Url, "/discord/interactions"), interaction);
            Assert.Equal("done", State(host, state));

            // A fresh interaction is answered: once it is, the worker had its chance to run the old one again too.
            var fresh = discord.Command("nothing", "32");
            await discord.SendInteractionAsync(new Uri(host.Url, "/discord/interactions"), fresh);
            await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Target == fresh["token"]!.GetValue<string>()), "the fresh one is answered");
            Assert.Equal(1, host.Count($"SELECT COUNT(*) FROM outbox WHERE source_event = '{id}'"));
        }

        Assert.Single(discord.SentSnapshot(), s => s.Target == token);
        TransportHost.DeleteDatabase(db);
    }

    [Fact]
    public async Task OversizedWebhookBodies_Get413_WithNoSideEffect()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var discord = await FakeDiscordServer.StartAsync();
        telegram.StartedBy(5);
        var settings = TransportHost.Settings(telegram, discord);
        settings["Telegram:Mode"] = "Webhook";
        settings["Telegram:WebhookUrl"] = "https://bot.example.com/telegram/webhook";
        settings["Telegram:SecretToken"] = Secret;
        await using var host = await TransportHost.StartAsync(settings);
        var padding = new string(' ', 2 * 1024 * 1024); // valid JSON whitespace: only the size is wrong

        var update = new JsonObject
        {
            ["update_id"] = 91,
            ["message"] = new JsonObject
            {
                ["message_id"] = 1, ["date"] = 0, ["text"] = "/help",
                ["chat"] = new JsonObject { ["id"] = 5, ["type"] = "private" },
                ["from"] = new JsonObject { ["id"] = 5, ["is_bot"] = false, ["first_name"] = "U" },
            },
        }.ToJsonString() + padding;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Url, TelegramWebhook.Path)) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
        using var telegramResponse = await http.SendAsync(request);

        var body = Encoding.UTF8.GetBytes(discord.Command("help", "11").ToJsonString() + padding);
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var discordResponse = await discord.PostRawAsync(new Uri(host.Url, "/discord/interactions"), body, discord.Sign(timestamp, body), timestamp);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, telegramResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, discordResponse.Status);
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM inbound_events"));
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM outbox"));
    }

    private static string State(TransportHost host, string sql)
    {
        using var connection = host.Get<Exactly.Bot.Storage.Database>().Open();
        return Dapper.SqlMapper.ExecuteScalar<string>(connection, sql) ?? "none";
    }
}
