using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// The retention sweep (issue 10, item 12) on a real SQLite file, with the clock moved by a FakeTimeProvider: rows past
/// their retention go, rows in flight stay whatever their age.
/// </summary>
public sealed class RetentionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string path = TempDatabase.NewPath("bot-retention");
    private readonly FakeTimeProvider time = new(Start);
    private readonly RetentionOptions options = new()
    {
        Sessions = TimeSpan.FromDays(30), InboundEvents = TimeSpan.FromDays(7), Outbox = TimeSpan.FromDays(7), SweepInterval = TimeSpan.FromHours(1),
    };

    public void Dispose()
    {
        TempDatabase.Delete(path);
    }

    [Fact]
    public async Task TimeMovingPastRetention_SweepDeletesFinishedRows_AndKeepsRowsInFlight()
    {
        var database = new Database(path);
        await using (var c = database.Open())
        {
            var t = Start.ToUnixTimeMilliseconds();
            foreach (var (id, status, expires) in new[] { ("mined", "Mined", t + 900_000), ("expired", "Created", t + 900_000), ("submitted", "Submitted", t + 900_000) })
            {
                await c.ExecuteAsync(
                    "INSERT INTO signing_sessions (id, transport, chat_id, user_id, command, quote_json, status, created_at, expires_at) VALUES (@id, 'console', 'c', 'u', '/x', '{}', @status, @t, @expires)",
                    new { id, status, t, expires });
            }

            await c.ExecuteAsync("INSERT INTO inbound_events (transport, event_id, state, received_at) VALUES ('telegram', '1', 'done', @t), ('telegram', '2', 'accepted', @t)", new { t });
            await c.ExecuteAsync(
                "INSERT INTO outbox (transport, chat_id, kind, priority, payload, status, created_at) VALUES ('telegram', 'c', 'text', 0, '{}', 'sent', @t), ('telegram', 'c', 'text', 0, '{}', 'pending', @t), ('telegram', 'c', 'text', 0, '{}', 'sending', @t), ('telegram', 'c', 'text', 0, '{}', 'undeliverable', @t)",
                new { t });
        }

        var sweeper = new RetentionSweeper(database, time, Options.Create(options), NullLogger<RetentionSweeper>.Instance);
        var reports = Channel.CreateUnbounded<RetentionReport>();
        sweeper.Swept += r => reports.Writer.TryWrite(r);
        using var stop = new CancellationTokenSource();
        await sweeper.StartAsync(stop.Token);

        // At start nothing is old enough.
        Assert.Equal((0, 0, 0), Counts(await reports.Reader.ReadAsync(Timeout())));

        // Eight days on: the done event and the finished outbox rows go; sessions are kept for 30 days.
        time.Advance(TimeSpan.FromDays(8));
        Assert.Equal((0, 1, 2), Counts(await reports.Reader.ReadAsync(Timeout())));

        // Thirty-one days on: the mined and the expired session go; the submitted one stays, with the accepted event and
        // the pending and sending outbox rows.
        time.Advance(TimeSpan.FromDays(23));
        Assert.Equal((2, 0, 0), Counts(await reports.Reader.ReadAsync(Timeout())));
        await sweeper.StopAsync(CancellationToken.None);

        await using var check = database.Open();
        Assert.Equal(["submitted"], await check.QueryAsync<string>("SELECT id FROM signing_sessions"));
        Assert.Equal(["accepted"], await check.QueryAsync<string>("SELECT state FROM inbound_events"));
        Assert.Equal(["pending", "sending"], await check.QueryAsync<string>("SELECT status FROM outbox ORDER BY id"));
    }

    [Fact]
    public async Task Sweep_Over100kRowsOfEachKind_DeletesExactlyTheOldHalf()
    {
        const int Rows = 100_000;
        var database = new Database(path);
        var old = Start.ToUnixTimeMilliseconds();
        var recent = (Start + TimeSpan.FromDays(40)).ToUnixTimeMilliseconds();
        await using (var c = database.Open())
        await using (var tx = await c.BeginTransactionAsync())
        {
            for (var i = 0; i < Rows; i++)
            {
                var t = i % 2 == 0 ? old : recent;
                await c.ExecuteAsync(
                    "INSERT INTO signing_sessions (id, transport, chat_id, user_id, command, quote_json, status, created_at, expires_at) VALUES (@id, 'telegram', 'c', @user, '/leverage 3x USDC 100', '{}', 'Mined', @t, @t + 900000)",
                    new { id = $"s{i}", user = $"u{i % 500}", t }, tx);
                await c.ExecuteAsync("INSERT INTO inbound_events (transport, event_id, state, payload, received_at) VALUES ('telegram', @id, 'done', NULL, @t)", new { id = $"e{i}", t }, tx);
                await c.ExecuteAsync("INSERT INTO outbox (transport, chat_id, kind, priority, payload, status, created_at) VALUES ('telegram', 'c', 'text', 0, '{\"text\":\"hello\"}', 'sent', @t)", new { t }, tx);
            }

            await tx.CommitAsync();
        }

        time.SetUtcNow(Start + TimeSpan.FromDays(41));
        var sweeper = new RetentionSweeper(database, time, Options.Create(options), NullLogger<RetentionSweeper>.Instance);
        var watch = Stopwatch.StartNew();
        var report = await sweeper.SweepAsync(CancellationToken.None);
        var elapsed = watch.Elapsed;

        output.WriteLine($"Swept {report.Sessions + report.InboundEvents + report.Outbox:N0} of {3 * Rows:N0} rows in {elapsed.TotalMilliseconds:N0} ms ({RetentionSweeper.BatchSize} rows per transaction)");
        Assert.Equal((Rows / 2, Rows / 2, Rows / 2), Counts(report));
        var again = await sweeper.SweepAsync(CancellationToken.None);
        output.WriteLine($"A sweep with nothing to delete over the remaining {3 * Rows / 2:N0} rows: {again.Elapsed.TotalMilliseconds:N1} ms");
        Assert.Equal((0, 0, 0), Counts(again));
    }

    private static (int, int, int) Counts(RetentionReport report) => (report.Sessions, report.InboundEvents, report.Outbox);

    // A guard against a hang, not a measurement: the sweep runs as soon as the fake clock reaches it.
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
