using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Storage;

/// <summary>What one sweep deleted, and how long it took (wall time, for the log).</summary>
/// <param name="Sessions">Signing sessions deleted.</param>
/// <param name="InboundEvents">Inbound dedupe keys deleted.</param>
/// <param name="Outbox">Outbox rows deleted.</param>
/// <param name="Positions">Stored position readings deleted.</param>
/// <param name="Elapsed">How long the sweep ran.</param>
public sealed record RetentionReport(int Sessions, int InboundEvents, int Outbox, int Positions, TimeSpan Elapsed);

/// <summary>
/// Deletes rows past their retention (<see cref="RetentionOptions"/>): at start, then every <c>SweepInterval</c> on the
/// injected clock. Deletes in batches of <see cref="BatchSize"/> rows, one short transaction each, so the outbox and the
/// transports never wait long for the write lock. Never deletes a row still in flight.
/// </summary>
public sealed partial class RetentionSweeper(Database database, TimeProvider time, IOptions<RetentionOptions> options, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    /// <summary>Rows deleted per transaction.</summary>
    public const int BatchSize = 2_000;

    /// <summary>Raised after each sweep, once the next one is scheduled (tests move time from there).</summary>
    public event Action<RetentionReport>? Swept;

    /// <summary>Deletes every row past its retention now.</summary>
    /// <exception cref="SqliteException">The database failed.</exception>
    public async Task<RetentionReport> SweepAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var o = options.Value;
        await using var connection = database.Open();
        // A session is kept while it can still move: not expired, or submitted (the receipt watcher still owns it).
        var sessions = await DeleteAsync(
            connection, "signing_sessions", "created_at < @cutoff AND expires_at < @now AND status <> 'Submitted'", now - o.Sessions, now, cancellationToken);
        // An accepted event still has its effect to do (a restart resumes it).
        var events = await DeleteAsync(connection, "inbound_events", "received_at < @cutoff AND state <> 'accepted'", now - o.InboundEvents, now, cancellationToken);
        var outbox = await DeleteAsync(connection, "outbox", "created_at < @cutoff AND status NOT IN ('pending', 'sending')", now - o.Outbox, now, cancellationToken);
        // The newest row of an address stays whatever its age: it is the state in force at the start of the next trend.
        var positions = await DeleteAsync(
            connection, "position_readings", "recorded_at < @cutoff AND block < (SELECT MAX(p.block) FROM position_readings p WHERE p.address = position_readings.address)", now - o.Positions, now, cancellationToken);
        return new RetentionReport(sessions, events, outbox, positions, watch.Elapsed);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var report = await TrySweepAsync(stoppingToken).ConfigureAwait(false);
                var next = Task.Delay(options.Value.SweepInterval, time, stoppingToken);
                if (report is not null)
                {
                    Swept?.Invoke(report);
                }

                await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: a batch in progress rolled back on its own; the next start sweeps again.
        }
    }

    private async Task<RetentionReport?> TrySweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await SweepAsync(cancellationToken).ConfigureAwait(false);
            LogSwept(logger, report.Sessions, report.InboundEvents, report.Outbox, report.Positions, report.Elapsed.TotalMilliseconds);
            return report;
        }
        catch (SqliteException ex)
        {
            // A busy or failing database is retried at the next interval; the sweep never stops the bot.
            LogFailed(logger, ex);
            return null;
        }
    }

    private static async Task<int> DeleteAsync(
        SqliteConnection connection, string table, string where, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        var arguments = new { cutoff = cutoff.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() };
        while (true)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where} LIMIT {BatchSize})", arguments, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep deleted {Sessions} sessions, {InboundEvents} inbound events, {Outbox} outbox rows, {Positions} position readings in {ElapsedMs:0} ms")]
    private static partial void LogSwept(ILogger logger, int sessions, int inboundEvents, int outbox, int positions, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
