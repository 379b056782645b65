using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Exactly.Bot.TestSupport;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The outcome of a crash run.</summary>
/// <param name="Runs">SIGKILL runs.</param>
/// <param name="Updates">Updates pushed (plain replies and quotes).</param>
/// <param name="Quotes">Of those, quotes: a placeholder edited into the answer.</param>
/// <param name="Lost">Updates without any final answer.</param>
/// <param name="DuplicateDeliveries">Final answers beyond one per update (a new message delivered twice).</param>
/// <param name="UneditedPlaceholders">Placeholders still showing "Quoting…": one in doubt after a kill is not repeated (at most
/// once), so if it had arrived the answer comes as a new message below it.</param>
/// <param name="UpdatesWithoutExactlyOneEffect">Updates without exactly one answer row (plus at most one placeholder row).</param>
/// <param name="ResentAfterCrash">Rows attempted more than once (in doubt after a kill, or retried).</param>
/// <param name="ResentEdits">Of those, edit rows: harmless, an edit repeated is "message is not modified".</param>
/// <param name="NotModified">Edits Telegram (the fake) answered "message is not modified".</param>
/// <param name="TooManyRequests">429s from the fake.</param>
/// <param name="Violations">Rule violations the fake recorded.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="DeadLettered">Outbox rows given up on after their attempt or age bound (status <c>dead</c>).</param>
public sealed record CrashReport(
    int Runs, int Updates, int Quotes, int Lost, int DuplicateDeliveries, int UneditedPlaceholders, int UpdatesWithoutExactlyOneEffect,
    int ResentAfterCrash, int ResentEdits, int NotModified, int TooManyRequests, int Violations, TimeSpan Elapsed, int DeadLettered = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"crash test: {Runs} SIGKILL runs, {Updates} updates ({Quotes} quotes with a placeholder); lost {Lost}; updates without exactly one effect {UpdatesWithoutExactlyOneEffect}; " +
        $"duplicate final replies {DuplicateDeliveries}; placeholders left unedited {UneditedPlaceholders}; rows re-sent after a crash {ResentAfterCrash} (edits {ResentEdits}, " +
        $"answered 'not modified' {NotModified}); rows dead-lettered {DeadLettered}; 429s {TooManyRequests}; rule violations {Violations}; {Elapsed.TotalSeconds:0}s");
}

/// <summary>
/// Starts the bot as a process, lets updates flow, kills it with SIGKILL at a random moment, over and over on the same
/// SQLite file; then lets a last process drain and checks that every update has exactly one effect (one answer row, and
/// for a quote one placeholder row) and one delivered final answer. Two updates in three are <c>/u{n}</c>, whose reply
/// ("There is no /u{n} command…") names it; one in three is the quote <c>/leverage 2x USDC {n}</c>, whose placeholder
/// ("Quoting 2x USDC {n}…") names it and is edited into the answer (no chain here: the sentence that the chain could not be
/// read, after the RPC client's retries, so a quote takes about a second, like a real one).
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

        var db = TempDatabase.NewPath("crash");
        var updates = new List<long>();
        long PushOne()
        {
            var chat = users[rng.Next(users.Length)];
            var n = updates.Count + 1;
            var id = fake.PushMessage(chat, chat, n % 3 == 0 ? $"/leverage 2x USDC {n}" : $"/u{n}");
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
        while (deadline.Elapsed < TimeSpan.FromMinutes(3) && (Delivered(fake, updates.Count).Finals.Any(c => c == 0) || fake.PendingUpdates > 0))
        {
            await Task.Delay(250, cancellationToken);
        }

        await Task.Delay(1500, cancellationToken); // anything still to come would show as a duplicate
        await BotProcess.TerminateAsync(last, TimeSpan.FromSeconds(20));

        var (finals, placeholders) = Delivered(fake, updates.Count);
        int wrongEffects, resent, resentEdits, dead;
        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            var effects = connection.Query<(string Source, long Answers, long Placeholders)>(
                "SELECT source_event, SUM(kind <> 'placeholder'), SUM(kind = 'placeholder') FROM outbox WHERE transport = 'telegram' GROUP BY source_event")
                .ToDictionary(r => r.Source, r => (r.Answers, r.Placeholders));
            wrongEffects = updates.Select((id, i) => (Effect: effects.GetValueOrDefault(id.ToString(CultureInfo.InvariantCulture)), IsQuote: (i + 1) % 3 == 0))
                .Count(u => u.Effect.Answers != 1 || u.Effect.Placeholders != (u.IsQuote ? 1 : 0));
            resent = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox WHERE attempts > 1");
            resentEdits = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox WHERE attempts > 1 AND kind = 'edit'");
            dead = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox WHERE status = 'dead'");
        }

        TempDatabase.Delete(db);

        return new CrashReport(
            runs, updates.Count, updates.Count / 3, finals.Count(c => c == 0), finals.Sum(c => Math.Max(0, c - 1)),
            placeholders.Sum(), wrongEffects, resent, resentEdits, fake.NotModified, fake.TooManyRequests, fake.ViolationsSnapshot().Length, watch.Elapsed, dead);
    }

    /// <summary>
    /// Per update number (index n-1): final answers delivered (a reply naming it, or its placeholder edited into the answer)
    /// and placeholders still showing "Quoting…" (in doubt after a kill, not repeated, answered by a new message). The bot runs
    /// with no chain, so a quote's answer is the outage sentence, which names the command.
    /// </summary>
    private static (int[] Finals, int[] Placeholders) Delivered(FakeTelegramServer fake, int count)
    {
        var finals = new int[count];
        var placeholders = new int[count];
        foreach (var sent in fake.SentSnapshot())
        {
            if (Number(UpdateNumber().Match(sent.Text), count) is { } n)
            {
                finals[n]++;
            }
            else if (Number(QuoteNumber().Match(sent.OriginalText), count) is { } q)
            {
                (sent.Edits > 0 ? finals : placeholders)[q]++;
            }
            else if (Number(QuoteAnswer().Match(sent.Text), count) is { } a)
            {
                finals[a]++; // a quote's answer sent as a new message (its placeholder was in doubt and not repeated)
            }
        }

        return (finals, placeholders);
    }

    private static int? Number(Match match, int count) =>
        match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= count ? n - 1 : null;

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex(@"There is no /u(\d+) command")]
    private static partial Regex UpdateNumber();

    [GeneratedRegex(@"^Quoting 2x USDC (\d+)…$")]
    private static partial Regex QuoteNumber();

    [GeneratedRegex(@"try again in a minute: /leverage 2x USDC (\d+)$")]
    private static partial Regex QuoteAnswer();
}
