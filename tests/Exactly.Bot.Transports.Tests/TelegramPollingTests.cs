using System.Net;
using System.Net.Http.Json;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Hosting;
using Exactly.Bot.Telegram;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Requests;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Long polling against the strict fake: one reply per update, offset persisted, one poller only, menu at start.</summary>
public sealed class TelegramPollingTests
{
    [Fact]
    public async Task Help_IsAnsweredOnce_OffsetIsPersisted_AndARestartDoesNotAnswerAgain()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        var db = TransportHost.NewDatabasePath();
        long id;
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), db))
        {
            id = fake.PushMessage(5, 5, "/help");
            await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 1, "the reply is delivered");
            await TransportHost.WaitUntilAsync(() => fake.Commands is not null, "setMyCommands was called");
            Assert.Contains(fake.Commands!, c => c!["command"]!.GetValue<string>() == "leverage");
            Assert.Contains(fake.Commands!, c => c!["command"]!.GetValue<string>() == "start");
            await TransportHost.WaitUntilAsync(
                () => host.Count("SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM transport_state WHERE transport = 'telegram' AND key = 'offset'") == id + 1,
                "the offset is persisted past the update");
        }

        // Graceful shutdown confirmed the offset to Telegram too.
        Assert.True(fake.ConfirmedBelow > id);
        await using (var again = await TransportHost.StartAsync(TransportHost.Settings(fake, null), db))
        {
            fake.PushMessage(5, 5, "/nothing");
            await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 2, "the second update's reply is delivered");
        }

        var sent = fake.SentSnapshot();
        Assert.Contains("/leverage", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("There is no /nothing command", sent[1].Text, StringComparison.Ordinal);
        Assert.Empty(fake.ViolationsSnapshot());
        TransportHost.DeleteDatabase(db);
    }

    [Fact]
    public async Task ASecondPoller_GetsConflict409_WhileTheBotPolls()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        using var http = new HttpClient();
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 100 && status != HttpStatusCode.Conflict; i++)
        {
            await Task.Delay(50);
            using var response = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/getUpdates"), new { offset = 0, timeout = 0 });
            status = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task UpdatesFromManyChats_AreEachAnsweredExactlyOnce_WithinFloodLimits()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        var chats = Enumerable.Range(1, 12).Select(i => (long)i).ToArray();
        foreach (var chat in chats)
        {
            fake.StartedBy(chat);
        }

        // Three commands per chat at once: per-chat 1/s means the bot must pace each chat.
        for (var round = 0; round < 3; round++)
        {
            foreach (var chat in chats)
            {
                fake.PushMessage(chat, chat, $"/c{chat}x{round}");
            }
        }

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 36, "36 replies are delivered");
        var sent = fake.SentSnapshot();
        Assert.Equal(0, fake.TooManyRequests);
        Assert.Empty(fake.ViolationsSnapshot());
        foreach (var chat in chats)
        {
            // In order within the chat.
            var texts = sent.Where(s => s.ChatId == chat).Select(s => s.Text).ToArray();
            Assert.Equal(3, texts.Length);
            for (var round = 0; round < 3; round++)
            {
                Assert.Contains($"/c{chat}x{round}", texts[round], StringComparison.Ordinal);
            }
        }

        Assert.Equal(36, host.Count("SELECT COUNT(*) FROM inbound_events WHERE transport = 'telegram'"));
    }

    [Fact]
    public async Task AServerStricterThanTheBotsLimits_Answers429_AndRetryAfterIsHonoured_NothingDropped()
    {
        // The fake allows 5 messages a second; the bot believes 30: it must learn from 429s and wait them out.
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { GlobalPerSecond = 5 });
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        for (long chat = 1; chat <= 20; chat++)
        {
            fake.StartedBy(chat);
            fake.PushMessage(chat, chat, $"/r{chat}");
        }

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 20, "all 20 replies are delivered", 60);
        Assert.True(fake.TooManyRequests > 0);
        Assert.Empty(fake.ViolationsSnapshot());
        await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0, "every row is marked sent");
    }

    [Fact]
    public async Task FakeTelegram_ARequestResentBeforeItsRetryAfter_IsAViolation_OneArrivingLateFromBeforeThe429IsNot()
    {
        // The fake's own clock: "late" is how late a loaded machine delivers a request, not a real-time race.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { GlobalPerSecond = 1, Time = time });
        using var http = new HttpClient();
        async Task<HttpStatusCode> SendAsync(long chat, string text)
        {
            fake.StartedBy(chat);
            using var response = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/sendMessage"), new { chat_id = chat, text });
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(1, "a"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(2, "b")); // over 1 a second: retry after 1 s
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(3, "c")); // sent before the 429 reached the bot, arriving late
        Assert.Empty(fake.ViolationsSnapshot());

        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(2, "b")); // the refused request again, 700 ms early
        Assert.Equal(["sent to global 700 ms before its retry_after ended"], fake.ViolationsSnapshot());
        time.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(2, "b"));
        Assert.Single(fake.ViolationsSnapshot());
    }

    [Fact]
    public void Renderer_SplitsAt4096_EscapesHtml_AndKeepsEveryCharacter()
    {
        var line = "a < b && c > d \"q\" 'x' 🙂 " + new string('x', 70);
        var text = string.Join('\n', Enumerable.Repeat(line, 140)) + new string('y', 5000);
        var renderer = new TelegramRenderer(new TelegramIdentity(Microsoft.Extensions.Options.Options.Create(new TelegramOptions { BotUsername = "B" })));
        var reply = new Chat.Reply(text, [new Chat.ReplyLink("Sign", new Uri("https://bot.example.com/s/abc"))]);

        var messages = renderer.Render(7, 7, reply, OutboxPriority.Reply, "1");

        var visible = new List<string>();
        foreach (var (m, i) in messages.Select((m, i) => (m, i)))
        {
            var request = System.Text.Json.JsonSerializer.Deserialize<SendMessageRequest>(m.Payload, JsonBotAPI.Options)!;
            Assert.True(TelegramHtml.TryParse(request.Text, out var shown, out var error), error);
            Assert.InRange(shown.Length, 1, 4096);
            Assert.Equal(i == messages.Count - 1, request.ReplyMarkup is not null);
            visible.Add(shown);
        }

        Assert.True(messages.Count >= 4);
        Assert.Equal(text.Replace("\n", string.Empty, StringComparison.Ordinal), string.Concat(visible).Replace("\n", string.Empty, StringComparison.Ordinal));
    }
}
