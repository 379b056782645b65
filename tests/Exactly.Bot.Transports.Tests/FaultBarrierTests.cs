using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Telegram;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exactly.Bot.Transports.Tests;

/// <summary>One update or interaction that fails is logged, settled (with a sentence) and the rest go on (issue 10, item 1).</summary>
public sealed class FaultBarrierTests
{
    private const string Secret = "webhook_Secret-123";

    /// <summary>No-break space, ideographic space, em space: Unicode whitespace that trims to nothing.</summary>
    private const string Whitespace = "\u00A0\u3000\u2003";

    [Fact]
    public async Task WhitespaceOnlyText_GetsASentence_AndThePollerGoesOn()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        var whitespace = fake.PushMessage(5, 5, Whitespace);
        fake.PushMessage(5, 5, "/help");

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 2, "both updates are answered");
        var sent = fake.SentSnapshot();
        Assert.Contains("Commands start with a slash", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("/leverage", sent[1].Text, StringComparison.Ordinal);
        await TransportHost.WaitUntilAsync(() => fake.ConfirmedBelow > whitespace + 1, "the offset moves past both");
        Assert.Empty(fake.ViolationsSnapshot());
    }

    [Fact]
    public async Task AnUpdateWhoseHandlingThrows_IsSettledWithASentence_AndTheNextIsAnswered()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        var logs = new LogCapture();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), logs: logs, overrides: TestCommands.Add);
        var boom = fake.PushMessage(5, 5, "/boom");
        fake.PushMessage(5, 5, "/help");

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 2, "both updates are answered");
        var sent = fake.SentSnapshot();
        Assert.Contains("Something went wrong on our side", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("Example: /help", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("/leverage", sent[1].Text, StringComparison.Ordinal);
        Assert.Equal(1, host.Count($"SELECT COUNT(*) FROM inbound_events WHERE transport = 'telegram' AND event_id = '{boom}' AND state = 'done'"));
        Assert.Contains(logs.Lines, l => l.Contains($"update {boom} failed", StringComparison.Ordinal) && l.Contains("a bug in a command", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_AWhitespaceUpdateAndAFailingOne_Get200AndASentence_ARedeliveryGetsNothingMore()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        var settings = TransportHost.Settings(fake, null);
        settings["Telegram:Mode"] = "Webhook";
        settings["Telegram:WebhookUrl"] = "https://bot.example.com/telegram/webhook";
        settings["Telegram:SecretToken"] = Secret;
        await using var host = await TransportHost.StartAsync(settings, overrides: TestCommands.Add);
        using var http = new HttpClient();

        foreach (var (id, text) in new[] { (801, Whitespace), (802, "/boom") })
        {
            for (var delivery = 0; delivery < 2; delivery++)
            {
                Assert.Equal(HttpStatusCode.OK, await PostUpdateAsync(http, host, id, text));
            }
        }

        await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2, "both sentences are delivered");
        var sent = fake.SentSnapshot();
        Assert.Equal(2, sent.Length);
        Assert.Contains("Commands start with a slash", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("Something went wrong on our side", sent[1].Text, StringComparison.Ordinal);
        Assert.Equal(2, host.Count("SELECT COUNT(*) FROM inbound_events WHERE transport = 'telegram' AND state = 'done'"));
    }

    [Fact]
    public async Task Discord_ADeferredCommandWhoseHandlingThrows_IsEditedIntoASentence_AndDone()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), overrides: TestCommands.Add);
        var interaction = discord.Command("boom", "31");
        var token = interaction["token"]!.GetValue<string>();

        var result = await discord.SendInteractionAsync(new Uri(host.Url, "/discord/interactions"), interaction);

        Assert.Equal(5, result.Response!["type"]!.GetValue<int>());
        await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Target == token), "the original response is edited");
        var edit = discord.SentSnapshot().Single(s => s.Target == token);
        Assert.Contains("Something went wrong on our side", edit.Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, host.Count($"SELECT COUNT(*) FROM inbound_events WHERE transport = 'discord' AND event_id = '{interaction["id"]}' AND state = 'done'"));
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task AHostWhoseBackgroundServiceFaults_ExitsNonZero()
    {
        var settings = TransportHost.Settings(null, null);
        var db = TransportHost.NewDatabasePath();
        settings["Storage:Path"] = db;
        await using var app = BotApplication.Build([], settings, console: null, s => s.AddHostedService<Faulting>());

        var code = await BotApplication.RunUntilStoppedAsync(app);

        Assert.Equal(1, code);
        TransportHost.DeleteDatabase(db);
    }

    private static async Task<HttpStatusCode> PostUpdateAsync(HttpClient http, TransportHost host, long id, string text)
    {
        var update = new JsonObject
        {
            ["update_id"] = id,
            ["message"] = new JsonObject
            {
                ["message_id"] = id, ["date"] = 0, ["text"] = text,
                ["chat"] = new JsonObject { ["id"] = 5, ["type"] = "private" },
                ["from"] = new JsonObject { ["id"] = 5, ["is_bot"] = false, ["first_name"] = "U" },
            },
        }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Url, TelegramWebhook.Path)) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A background service with a bug: it fails shortly after the start.</summary>
    private sealed class Faulting : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a bug in a background service");
        }
    }
}
