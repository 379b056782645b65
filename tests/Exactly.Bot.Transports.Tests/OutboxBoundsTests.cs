using Exactly.Bot.FakePlatforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// A row the platform keeps refusing is retried a bounded number of times, then dead-lettered, and its chat goes on; an image
/// degrades to its link (issue 10, item 2). Time is moved on a fake clock: the back-off is real minutes otherwise.
/// </summary>
public sealed class OutboxBoundsTests
{
    [Fact]
    public async Task TelegramPhotoRefusedWith500Forever_IsDeadLetteredAfter8Attempts_DegradesToItsLink_AndTheChatMovesOn()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RefusePhotosWith = 500, Time = time });
        fake.StartedBy(5);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), overrides: s =>
        {
            TestCommands.Add(s);
            s.AddSingleton<TimeProvider>(time);
        });
        fake.PushMessage(5, 5, "/qr");
        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 1, "the text of the reply is delivered");
        fake.PushMessage(5, 5, "/help");

        await host.AdvanceUntilAsync(time, TimeSpan.FromSeconds(61), () => fake.SentSnapshot().Length == 3, "the later reply and the link instead of the photo arrive");

        var sent = fake.SentSnapshot();
        Assert.Equal("Review and sign in your wallet.", sent[0].Text);
        Assert.Contains("/leverage", sent[1].Text, StringComparison.Ordinal); // the later reply is no longer stuck behind the photo
        Assert.Contains(TestCommands.SigningLink.AbsoluteUri, sent[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, s => s.Photo);
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'photo' AND status = 'dead' AND attempts = 8"));
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM outbox WHERE status NOT IN ('sent', 'dead')"));
        Assert.Empty(fake.ViolationsSnapshot());
    }

    [Fact]
    public async Task TelegramRowFailingLongerThanMaxAge_IsDeadLetteredBeforeItsAttemptsAreSpent()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RefusePhotosWith = 500, Time = time });
        fake.StartedBy(5);
        var settings = TransportHost.Settings(fake, null);
        settings["Outbox:MaxAttempts"] = "1000";
        settings["Outbox:MaxAge"] = "00:05:00";
        await using var host = await TransportHost.StartAsync(settings, overrides: s =>
        {
            TestCommands.Add(s);
            s.AddSingleton<TimeProvider>(time);
        });
        fake.PushMessage(5, 5, "/qr");

        await host.AdvanceUntilAsync(time, TimeSpan.FromSeconds(61), () => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'dead'") == 1, "the photo is dead-lettered");

        var attempts = host.Count("SELECT attempts FROM outbox WHERE status = 'dead'");
        Assert.InRange(attempts, 2, 10); // 5 minutes of back-off (2, 4, 8 … 60 s), far below 1,000
    }

    [Fact]
    public async Task ACorruptRow_IsDeadLetteredAfter8Attempts_AndTheMessageQueuedBehindItArrives()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Time = time });
        fake.StartedBy(5);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), overrides: s => s.AddSingleton<TimeProvider>(time));
        await host.Get<Exactly.Bot.Hosting.UnitOfWork>().RunAsync(tx => tx.Enqueue("telegram", [new Exactly.Bot.Hosting.OutboxMessage("5", Exactly.Bot.Hosting.OutboxKind.Message, 1, "{not json")]), CancellationToken.None);
        await host.Get<Exactly.Bot.Chat.ChatSenders>().SendAsync("telegram", "5", Exactly.Bot.Chat.Reply.Plain("behind the corrupt row"), CancellationToken.None);

        await host.AdvanceUntilAsync(time, TimeSpan.FromSeconds(61), () => fake.SentSnapshot().Length == 1, "the message behind the corrupt row arrives");

        Assert.Equal("behind the corrupt row", fake.SentSnapshot()[0].Text);
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE payload = '{not json' AND status = 'dead' AND attempts = 8"));
    }

    [Fact]
    public async Task DiscordImageRefusedWith500Forever_IsDeadLettered_AndTheAnswerGoesWithoutIt()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { RefuseFilesWith = 500 });
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), overrides: s =>
        {
            TestCommands.Add(s);
            s.AddSingleton<TimeProvider>(time);
        });
        var interaction = discord.Command("qr", "31");
        var token = interaction["token"]!.GetValue<string>();
        Assert.Equal(5, (await discord.SendInteractionAsync(new Uri(host.Url, "/discord/interactions"), interaction)).Response!["type"]!.GetValue<int>());

        await host.AdvanceUntilAsync(time, TimeSpan.FromSeconds(61), () => discord.SentSnapshot().Any(s => s.Target == token), "the answer arrives without its image");

        var edit = discord.SentSnapshot().Single(s => s.Target == token);
        Assert.Contains("Review and sign", edit.Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(TestCommands.SigningLink.AbsoluteUri, edit.Body["components"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE transport = 'discord' AND status = 'dead' AND attempts = 8"));
        Assert.Empty(discord.Violations);
    }
}
