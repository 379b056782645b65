using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Console;
using Exactly.Bot.FakePlatforms;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// Alerts reach Telegram and Discord users as direct messages through the outbox, one per user however many of their
/// wallets cross in the block, within the platforms' limits (the fakes enforce them: 0 × 429).
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertDeliveryTests(AlertDevnetFixture fixture)
{
    const int TelegramUsers = 40;
    const int DiscordUsers = 12;

    [Fact]
    public async Task Alerts_TwoWalletsOfEachOf52UsersCrossInOneBlock_OneDirectMessagePerUserOnTelegramAndDiscordWithNo429()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, discord));
        var telegramIds = Enumerable.Range(3001, TelegramUsers).Select(i => (long)i).ToArray();
        var discordIds = Enumerable.Range(8001, DiscordUsers).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var id in telegramIds)
        {
            telegram.StartedBy(id);
            await WatchBothAsync(host, "telegram", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var id in discordIds)
        {
            await WatchBothAsync(host, "discord", id);
        }

        // Held: a snoozed user and a user whose wallets' alerts are off (their tiers still move, nothing is said).
        telegram.StartedBy(3900);
        telegram.StartedBy(3901);
        await WatchBothAsync(host, "telegram", "3900");
        await WatchBothAsync(host, "telegram", "3901");
        var store = host.Get<WatchStore>();
        await store.SnoozeAsync(new WalletOwner("telegram", "3900"), TimeProvider.System.GetUtcNow().AddHours(6), CancellationToken.None);
        foreach (var w in await store.ListAsync(new WalletOwner("telegram", "3901"), CancellationToken.None))
        {
            await store.SetAlertsOnAsync(w.Owner, w.Id, false, CancellationToken.None);
        }

        try
        {
            await host.TicksAsync(fixture, 2);
            await fixture.SetWethAsync(0.9m);
            var passes = await host.TicksAsync(fixture, 2);

            // Two distinct addresses read once each, whoever watches them; one message per alerted user.
            Assert.All(passes, p => Assert.Equal((2, 2), (p.Addresses, p.Readings)));
            Assert.Equal([0, TelegramUsers + DiscordUsers], passes.Select(p => p.Alerts));
            Assert.Equal(TelegramUsers + DiscordUsers, passes[1].Messages);
            await TransportHost.WaitUntilAsync(
                () => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == TelegramUsers + DiscordUsers, "every alert delivered", seconds: 90);

            var tg = telegram.SentSnapshot();
            Assert.Equal(telegramIds.Order(), tg.Select(m => m.ChatId).Order());
            Assert.All(tg, m => Assert.True(m.Text.Contains("Warning: first is below", StringComparison.Ordinal) && m.Text.Contains("Warning: second is below", StringComparison.Ordinal), m.Text));
            var dm = discord.SentSnapshot();
            Assert.All(dm, m => Assert.Equal("dm", m.Kind));
            Assert.Equal(discordIds.Select(id => "dm-" + id).Order(), dm.Select(m => m.Target).Order());
            Assert.All(dm, m => Assert.Contains($"block {passes[1].Block}", m.Body["content"]!.GetValue<string>(), StringComparison.Ordinal));
            Assert.Equal((0, 0), (telegram.TooManyRequests, discord.TooManyRequests));
            Assert.Empty(telegram.ViolationsSnapshot());
            Assert.Empty(discord.Violations);
        }
        finally
        {
            await fixture.ResetPriceAsync();
        }
    }

    [Fact]
    public async Task Alerts_ForTheConsoleUser_ArePrintedOnceAfterTheCommit()
    {
        await fixture.ResetPriceAsync();
        var settings = AlertHosts.Settings(fixture, null, null);
        var database = TransportHost.NewDatabasePath();
        settings["Storage:Path"] = database;
        using var chat = new StringWriter();
        var channel = new ConsoleChannel(new QuietInput(), TextWriter.Synchronized(chat));
        await using var app = BotApplication.Build([], settings, channel);
        await app.StartAsync();
        channel.ReadySource.SetResult();
        var host = new TestServices(app.Services);
        try
        {
            var (outcome, _) = await host.Get<WatchStore>().WatchAsync(new WalletOwner("console", ConsoleTransport.UserId), fixture.Wallets[0], "demo", false, CancellationToken.None);
            Assert.Equal(WatchOutcome.Added, outcome);
            var monitor = host.Get<AlertMonitor>();
            var passes = new List<MonitorPass>();
            foreach (var fraction in new[] { 1m, 1m, 0.8m, 0.8m, 0.8m })
            {
                await fixture.SetWethAsync(fraction);
                passes.Add(await monitor.EvaluateOnceAsync(CancellationToken.None));
            }

            Assert.Equal([0, 0, 0, 1, 0], passes.Select(p => p.Alerts));
            var printed = chat.ToString();
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(printed, "Health alert at block"));
            Assert.Contains($"Health alert at block {passes[3].Block}", printed, StringComparison.Ordinal);
            Assert.Contains("Danger: demo is below", printed, StringComparison.Ordinal);
            using var connection = host.Get<Storage.Database>().Open();
            Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM outbox"));
        }
        finally
        {
            await app.StopAsync();
            await fixture.ResetPriceAsync();
            TransportHost.DeleteDatabase(database);
        }
    }

    async Task WatchBothAsync(TransportHost host, string transport, string userId)
    {
        await host.WatchAsync(transport, userId, fixture.Wallets[1], "first");
        await host.WatchAsync(transport, userId, fixture.Wallets[2], "second");
    }

    sealed class QuietInput : TextReader
    {
        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }

    sealed class TestServices(IServiceProvider services)
    {
        public T Get<T>()
            where T : notnull => services.GetRequiredService<T>();
    }
}
