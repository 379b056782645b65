using Exactly.Bot.Alerts;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// The node goes down for more than the pause-notice delay (moved time): no alert, one "paused" and one "resumed" notice,
/// across a restart in the middle of the outage.
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertPauseTests(AlertDevnetFixture fixture)
{
    const long User = 2001;

    [Fact]
    public async Task Monitor_RpcDownForSixMinutesAcrossARestart_NoAlertOnePausedNoticeAndOneResumedNotice()
    {
        await fixture.ResetPriceAsync();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Time = time });
        telegram.StartedBy(User);
        var settings = AlertHosts.Settings(fixture, telegram, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        // One attempt per read: the retry back-off runs on the moved clock, and a failed pass is what this test is about.
        settings["Ethereum:Rpc:MaxAttempts"] = "1";
        var database = TransportHost.NewDatabasePath();
        var host = await AlertHosts.StartAsync(settings, database, time);
        try
        {
            await host.WatchAsync("telegram", "2001", fixture.Wallets[0], "main");
            var before = await host.TicksAsync(fixture, 2);
            var lastBlock = before[^1].Block!.Value;

            // Down, and the price falls into danger meanwhile: a failed read must never become an alert.
            proxy.Always = Fault.ServerError;
            await fixture.SetWethAsync(0.8m);
            var down = new List<MonitorPass>();
            for (var i = 0; i < 12; i++)
            {
                time.Advance(TimeSpan.FromSeconds(30));
                down.Add(await host.TickAsync(fixture));
            }

            Assert.All(down, p => Assert.Equal(MonitorOutcome.ReadFailed, p.Outcome));
            Assert.Equal(0, down.Take(9).Sum(p => p.Messages)); // 4.5 minutes: not yet
            Assert.Equal(1, down.Sum(p => p.Messages));          // 5 minutes: once, not again

            // A restart in the middle of the outage neither repeats the notice nor forgets it.
            await host.DisposeAsync();
            host = await AlertHosts.StartAsync(settings, database, time);
            time.Advance(TimeSpan.FromSeconds(30));
            var afterRestart = await host.TickAsync(fixture);
            Assert.Equal((MonitorOutcome.ReadFailed, 0), (afterRestart.Outcome, afterRestart.Messages));

            proxy.Always = null;
            time.Advance(TimeSpan.FromSeconds(30));
            var resumed = await host.TickAsync(fixture);
            Assert.Equal((MonitorOutcome.Evaluated, 0, 1), (resumed.Outcome, resumed.Alerts, resumed.Messages));

            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2, "both notices delivered");
            var sent = telegram.SentSnapshot();
            Assert.Equal(2, sent.Length);
            Assert.All(sent, m => Assert.Equal(User, m.ChatId));
            Assert.Contains($"Monitoring paused since", sent[0].Text, StringComparison.Ordinal);
            Assert.Contains($"last evaluated block {lastBlock}", sent[0].Text, StringComparison.Ordinal);
            Assert.Contains($"Monitoring resumed at block {resumed.Block}", sent[1].Text, StringComparison.Ordinal);
            Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE source_event LIKE 'paused:%'"));
            Assert.Equal(0, telegram.TooManyRequests);
        }
        finally
        {
            await host.DisposeAsync();
            TransportHost.DeleteDatabase(database);
            await fixture.ResetPriceAsync();
        }
    }
}
