using System.Diagnostics;
using Dapper;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Storage;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Where the first process is killed, counted from the commit of the tier change and its outbox row.</summary>
public enum AlertKillPoint
{
    /// <summary>
    /// As soon as the committed alert row is visible in the SQLite file, before any attempt to send it: an earlier reply in
    /// the same chat is still on its way (a chat's messages go one at a time), so the row is deterministically <c>pending</c>.
    /// </summary>
    RowCommitted,

    /// <summary>While the alert's sendMessage is on its way and Telegram has not taken it.</summary>
    RequestInFlight,

    /// <summary>After Telegram accepted the alert and before its answer reached the bot, so the row is still <c>sending</c>.</summary>
    AcceptedNotMarked,
}

/// <summary>
/// Issue 12, "a kill between evaluation and delivery → exactly one alert after restart", with a real kill: the bot runs as
/// its own process (run mode, its monitor loop on) against the alerts devnet and the Telegram fake; a watched wallet crosses
/// into the warning tier; the process is SIGKILLed at a point between the tier commit and delivery; a second process on the
/// same SQLite file finishes the job. Every wait is on observable state (the SQLite file, the fake), never a sleep.
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertKillTests(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    const long User = 1001;

    /// <summary>
    /// One alert row, delivered once, for every kill point but one: when Telegram accepted the message and the bot died before
    /// hearing so, the row is in doubt and the outbox sends it again (at-least-once; Telegram's sendMessage takes no
    /// idempotency key, so nothing can tell the two apart), which is exactly one duplicate and only there.
    /// </summary>
    [Theory]
    [InlineData(AlertKillPoint.RowCommitted)]
    [InlineData(AlertKillPoint.RequestInFlight)]
    [InlineData(AlertKillPoint.AcceptedNotMarked)]
    public async Task Monitor_KilledWithSigkillBetweenTheTierCommitAndDelivery_TheRestartedBotDeliversTheAlertOnce(AlertKillPoint point)
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        var path = TransportHost.NewDatabasePath();
        var database = new Database(path); // migrated before the bot starts, so the test can read it at any time
        var wallet = fixture.Wallets[1];
        Process? bot = null;
        try
        {
            bot = BotProcess.Start(BotProcess.DefaultDll(), telegram, path, ProcessSettings());
            var crossing = await CrossAndKillAsync(point, bot, database, telegram, wallet);

            // Second life on the same file: new blocks are evaluated (the tier stays latched: no second alert), and the
            // committed row is delivered.
            bot = BotProcess.Start(BotProcess.DefaultDll(), telegram, path, ProcessSettings());
            await MineEvaluatedAsync(database, 2);
            await TransportHost.WaitUntilAsync(() => Scalar<string>(database, AlertRow("status")) == "sent", "the alert row marked sent", 60);
            await BotProcess.TerminateAsync(bot, TimeSpan.FromSeconds(20));

            Assert.Equal(1, Scalar<long>(database, "SELECT COUNT(*) FROM outbox WHERE source_event LIKE 'block:%'"));
            Assert.Equal($"block:{crossing}", Scalar<string>(database, AlertRow("source_event")));
            var alerts = Alerts(telegram);
            output.WriteLine($"delivered {alerts.Length}; attempts {Scalar<long>(database, AlertRow("attempts"))}\n{alerts[0].Text}");
            Assert.Equal(point == AlertKillPoint.AcceptedNotMarked ? 2 : 1, alerts.Length);
            Assert.All(alerts, m => Assert.Equal(User, m.ChatId));
            Assert.All(alerts, m => Assert.Equal(alerts[0].Text, m.Text));
            await AlertMonitorTests.AssertNamesBlockAndLiquidityAsync(fixture, database, alerts[0].Text, wallet, crossing);
            // The reply that was on its way when the first process died reached Telegram once, after the restart.
            Assert.Equal(point == AlertKillPoint.RowCommitted ? 1 : 0, telegram.SentSnapshot().Count(m => IsBlocker(m.Text)));
            Assert.Empty(telegram.ViolationsSnapshot());
            Assert.Equal(0, telegram.TooManyRequests);
        }
        catch (Exception) when (DumpOnFailure(database, telegram))
        {
            throw;
        }
        finally
        {
            if (bot is not null)
            {
                await BotProcess.KillAsync(bot);
            }

            await fixture.ResetPriceAsync();
            TransportHost.DeleteDatabase(path);
        }
    }

    /// <summary>
    /// The first life: watch the wallet, two evaluated blocks at the base price, WETH −10 %, evaluated blocks until the alert
    /// row is committed, then SIGKILL at <paramref name="point"/>. Returns the crossing's block.
    /// </summary>
    async Task<long> CrossAndKillAsync(AlertKillPoint point, Process bot, Database database, FakeTelegramServer telegram, Ethereum.Address wallet)
    {
        // The alert's own request is held for the two points inside its send; at RowCommitted it is never attempted before the kill.
        var hold = point == AlertKillPoint.RowCommitted ? null : telegram.Hold(IsAlert, point == AlertKillPoint.AcceptedNotMarked ? HoldStage.AfterAccept : HoldStage.BeforeAccept);
        telegram.PushMessage(User, User, $"/watch {wallet} main");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(m => m.Text.StartsWith("Watching main", StringComparison.Ordinal)), "the /watch reply", 60);
        await MineEvaluatedAsync(database, 2);
        if (point == AlertKillPoint.RowCommitted)
        {
            var blocker = telegram.Hold(IsBlocker, HoldStage.BeforeAccept);
            telegram.PushMessage(User, User, "/u1");
            await blocker.Arrived.WaitAsync(TimeSpan.FromSeconds(60));
        }

        await fixture.SetWethAsync(0.9m);
        var crossing = await MineUntilAlertCommittedAsync(database);
        if (hold is not null)
        {
            await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var statusAtKill = Scalar<string>(database, AlertRow("status"));
        await BotProcess.KillAsync(bot);
        output.WriteLine($"killed at {point}: alert row committed at block {crossing}, status {statusAtKill}");
        Assert.Equal(point == AlertKillPoint.RowCommitted ? "pending" : "sending", statusAtKill);
        Assert.Equal(point == AlertKillPoint.AcceptedNotMarked ? 1 : 0, Alerts(telegram).Length);
        if (hold is not null)
        {
            await TransportHost.WaitUntilAsync(() => hold.Abandoned, "the held request's connection closed with the process");
        }

        return crossing;
    }

    static string AlertRow(string column) => $"SELECT {column} FROM outbox WHERE source_event LIKE 'block:%'";

    static bool IsAlert(string text) => text.Contains("Warning:", StringComparison.Ordinal);

    /// <summary>What the outbox and the fake hold, and the bot's error lines, when the test fails (false: the exception goes on).</summary>
    bool DumpOnFailure(Database database, FakeTelegramServer telegram)
    {
        using var c = database.Open();
        foreach (var r in c.Query("SELECT id, chat_id, kind, priority, status, attempts, source_event, not_before, result FROM outbox"))
        {
            output.WriteLine(string.Join(" | ", ((IDictionary<string, object>)r).Select(p => $"{p.Key}={p.Value}")));
        }

        foreach (var m in telegram.SentSnapshot())
        {
            output.WriteLine($"sent: {m.ChatId} {m.Text[..Math.Min(60, m.Text.Length)]}");
        }

        foreach (var e in BotProcess.Errors)
        {
            output.WriteLine("bot: " + e);
        }

        return false;
    }

    static bool IsBlocker(string text) => text.Contains("There is no /u1 command", StringComparison.Ordinal);

    static TelegramSent[] Alerts(FakeTelegramServer telegram) => [.. telegram.SentSnapshot().Where(m => IsAlert(m.Text))];

    static T? Scalar<T>(Database database, string sql)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<T>(sql);
    }

    /// <summary>The devnet's chain settings, the monitor polling fast (a head read is cheap; anvil mines on demand).</summary>
    Dictionary<string, string?> ProcessSettings()
    {
        var settings = fixture.Demo.Settings.Where(s => s.Key.StartsWith("Chain:", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        settings["Alerts:StalledHeadPauses"] = "false";
        settings["Alerts:PollInterval"] = "00:00:00.100";
        return settings;
    }

    /// <summary>Mines <paramref name="blocks"/> blocks one at a time, each evaluated by the running process before the next.</summary>
    async Task MineEvaluatedAsync(Database database, int blocks)
    {
        for (var i = 0; i < blocks; i++)
        {
            await MineOneEvaluatedAsync(database);
        }
    }

    async Task<long> MineOneEvaluatedAsync(Database database)
    {
        await fixture.Devnet.MineAsync();
        var head = await fixture.Devnet.Rpc.BlockNumberAsync();
        // Generous: the second life's first block waits for the process to start and its log engine to catch up.
        await TransportHost.WaitUntilAsync(() => Scalar<long?>(database, "SELECT last_block FROM monitor_state WHERE id = 1") >= head, $"block {head} evaluated", 60);
        return head;
    }

    /// <summary>Mines evaluated blocks until the crossing's outbox row is committed (two readings below the tier); its block.</summary>
    async Task<long> MineUntilAlertCommittedAsync(Database database)
    {
        for (var i = 0; i < 5; i++)
        {
            await MineOneEvaluatedAsync(database);
            if (Scalar<string>(database, AlertRow("source_event")) is { } source)
            {
                return long.Parse(source["block:".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no alert row after five evaluated blocks below the warning tier");
    }
}
