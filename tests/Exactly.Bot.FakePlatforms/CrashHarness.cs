using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The outcome of a crash run.</summary>
public sealed record CrashReport(
    int Runs, int Updates, int Lost, int DuplicateDeliveries, int UpdatesWithoutExactlyOneEffect, int ResentAfterCrash,
    int TooManyRequests, int Violations, TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"crash test: {Runs} SIGKILL runs, {Updates} updates; lost {Lost}; updates without exactly one effect {UpdatesWithoutExactlyOneEffect}; " +
        $"duplicate deliveries {DuplicateDeliveries} (rows re-sent after a crash in the sent-but-not-marked window: {ResentAfterCrash}); " +
        $"429s {TooManyRequests}; rule violations {Violations}; {Elapsed.TotalSeconds:0}s");
}

/// <summary>
/// Starts the bot as a process, lets updates flow, kills it with SIGKILL at a random moment, over and over on the same
/// SQLite file; then lets a last process drain and checks that every update has exactly one effect (one outbox row)
/// and one delivered reply. Each update is <c>/u{n}</c>, whose reply ("There is no /u{n} command…") names it.
/// </summary>
public static partial class CrashHarness
{
    public static async Task<int> MainAsync(string[] args)
    {
        var runs = Option(args, "--runs", 200);
        var seed = Option(args, "--seed", 1);
        var bot = args.SkipWhile(a => a != "--bot").Skip(1).FirstOrDefault() ?? BotProcess.DefaultDll();
        var report = await RunAsync(bot, runs, seed, System.Console.Out, CancellationToken.None);
        System.Console.WriteLine(report);
        return report.Lost == 0 && report.UpdatesWithoutExactlyOneEffect == 0 && report.Violations == 0 ? 0 : 1;
    }

    public static async Task<CrashReport> RunAsync(string botDll, int runs, int seed, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var rng = new Random(seed);
        await using var fake = await FakeTelegramServer.StartAsync();
        var users = Enumerable.Range(1001, 25).Select(u => (long)u).ToArray();
        foreach (var u in users)
        {
            fake.StartedBy(u);
        }

        var db = Path.Combine(Path.GetTempPath(), $"exactly-crash-{Guid.NewGuid():N}.db");
        var updates = new List<long>();
        long PushOne()
        {
            var chat = users[rng.Next(users.Length)];
            var n = updates.Count + 1;
            var id = fake.PushMessage(chat, chat, $"/u{n}");
            updates.Add(id);
            return id;
        }

        for (var run = 1; run <= runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = rng.Next(1, 4); i > 0; i--)
            {
                PushOne();
            }

            var process = BotProcess.Start(botDll, fake, db);
            var killAt = rng.Next(150, 3500);
            var started = Stopwatch.StartNew();
            while (started.ElapsedMilliseconds < killAt)
            {
                await Task.Delay(Math.Min(rng.Next(50, 400), Math.Max(1, killAt - (int)started.ElapsedMilliseconds)), cancellationToken);
                if (rng.NextDouble() < 0.4)
                {
                    PushOne(); // updates keep flowing while the bot runs
                }
            }

            await BotProcess.KillAsync(process);
            if (run % 10 == 0)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  run {run}/{runs}: {updates.Count} updates so far, {fake.SentSnapshot().Length} replies delivered"));
            }
        }

        // A last process drains everything, then stops gracefully.
        var last = BotProcess.Start(botDll, fake, db);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3) && (Delivered(fake, updates.Count).Any(c => c == 0) || fake.PendingUpdates > 0))
        {
            await Task.Delay(250, cancellationToken);
        }

        await Task.Delay(1500, cancellationToken); // anything still to come would show as a duplicate
        await BotProcess.TerminateAsync(last, TimeSpan.FromSeconds(20));

        var counts = Delivered(fake, updates.Count);
        int wrongEffects, resent;
        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            var effects = connection.Query<(string Source, long Rows)>("SELECT source_event, COUNT(*) FROM outbox WHERE transport = 'telegram' GROUP BY source_event")
                .ToDictionary(r => r.Source, r => r.Rows);
            wrongEffects = updates.Count(id => effects.GetValueOrDefault(id.ToString(CultureInfo.InvariantCulture)) != 1);
            resent = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox WHERE attempts > 1");
        }

        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(db + suffix);
        }

        return new CrashReport(
            runs, updates.Count, counts.Count(c => c == 0), counts.Sum(c => Math.Max(0, c - 1)), wrongEffects, resent,
            fake.TooManyRequests, fake.ViolationsSnapshot().Length, watch.Elapsed);
    }

    /// <summary>Replies delivered per update number (index n-1).</summary>
    private static int[] Delivered(FakeTelegramServer fake, int count)
    {
        var delivered = new int[count];
        foreach (var sent in fake.SentSnapshot())
        {
            var match = UpdateNumber().Match(sent.Text);
            if (match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= count)
            {
                delivered[n - 1]++;
            }
        }

        return delivered;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex(@"There is no /u(\d+) command")]
    private static partial Regex UpdateNumber();
}
