using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Hosting;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Alerts;

/// <summary>What one pass of the monitor did.</summary>
public enum MonitorOutcome
{
    /// <summary>Nobody watches a wallet: nothing was read.</summary>
    Idle,

    /// <summary>A new head block was evaluated and its transaction committed.</summary>
    Evaluated,

    /// <summary>The head has not moved past the last evaluated block (or went back): nothing evaluated.</summary>
    SameBlock,

    /// <summary>The head or the readings could not be read: nothing evaluated, nothing changed.</summary>
    ReadFailed,
}

/// <summary>One pass of <see cref="AlertMonitor.EvaluateOnceAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Block">The evaluated (or unchanged head) block, when known.</param>
/// <param name="Addresses">Distinct watched addresses asked for.</param>
/// <param name="Readings">Addresses with a reading at the block.</param>
/// <param name="Alerts">Users who got a tier alert in this block.</param>
/// <param name="Messages">Messages committed (alerts and paused/resumed notices).</param>
/// <param name="RpcRequests">JSON-RPC requests of the evaluation (the head read not included).</param>
public sealed record MonitorPass(MonitorOutcome Outcome, long? Block, int Addresses, int Readings, int Alerts, int Messages, int RpcRequests);

/// <summary>
/// The health-factor monitor (issue 12 item 5): at each new head block, evaluates every watched address once with the
/// <see cref="IHealthEngine"/> (every read pinned to that block; exact wherever an alert can be decided, see
/// <c>Query</c>) and commits the block's tier changes, alerts, notices and
/// position history in one SQLite transaction (<see cref="BlockAlerts"/>). A failed read is never a reading: the block is
/// skipped whole. When no block could be evaluated for <see cref="AlertOptions.PauseNoticeDelay"/>, subscribers get one
/// "monitoring paused" notice, and one "resumed" at the next evaluated block. All delays run on the injected clock.
/// </summary>
public sealed partial class AlertMonitor(
    Database database, WatchStore store, JsonRpcClient rpc, IHealthEngine engine, AlertFacts facts, LiquidationReader liquidationReader, BlockNotices notices, IEnumerable<IAlertChannel> channels, OutboxSignal outbox,
    TimeProvider time, IOptions<AlertOptions> options, ILogger<AlertMonitor> logger) : BackgroundService
{
    /// <summary>How far back one pass looks for liquidations after an outage: a day of 2-second blocks.</summary>
    private const long MaxLiquidationBlocks = 43_200;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly IReadOnlyDictionary<string, IAlertChannel> byTransport = channels.ToDictionary(c => c.Transport, StringComparer.Ordinal);

    // When this process last knew monitoring was fine without evaluating (nobody watched anything, or a head that only
    // mines on demand), Unix ms; the stored evaluation time covers the rest.
    private long? quietSince;

    /// <summary>
    /// Reads the head and, when it is new, evaluates it and commits the result; otherwise checks whether monitoring has been
    /// down long enough to say so. One pass at a time; the loop calls it every <see cref="AlertOptions.PollInterval"/>, tests
    /// call it directly.
    /// </summary>
    /// <exception cref="SqliteException">The database failed (nothing of the pass is committed).</exception>
    public async Task<MonitorPass> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await PassAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await EvaluateOnceAsync(stoppingToken);
                }
                catch (SqliteException ex)
                {
                    // A busy database: this pass committed nothing; the next one decides again.
                    LogDatabaseFault(logger, ex);
                }

                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<MonitorPass> PassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wallets = await store.AllAsync(cancellationToken);
        var addresses = wallets.Select(w => w.Address).Distinct().ToList();
        if (addresses.Count == 0)
        {
            quietSince = now.ToUnixTimeMilliseconds();
            return new MonitorPass(MonitorOutcome.Idle, null, 0, 0, 0, 0, 0);
        }

        HealthEvaluation evaluation;
        IReadOnlyList<Liquidation> liquidations;
        long? last;
        try
        {
            var head = await BlockHeader.ReadAsync(rpc, null, cancellationToken);
            last = (await MonitorState.ReadAsync(database, cancellationToken)).LastBlock;
            if (head.Number <= last)
            {
                if (!options.Value.StalledHeadPauses)
                {
                    quietSince = now.ToUnixTimeMilliseconds();
                }

                return await NotEvaluatedAsync(MonitorOutcome.SameBlock, head.Number, addresses.Count, now, cancellationToken);
            }

            // Liquidations of every block since the last evaluated one (at most a day of Optimism blocks), in the same
            // all-or-nothing read: from the engine's own logs when it read them, else one request of their own.
            var from = Math.Max(last + 1 ?? head.Number, head.Number - MaxLiquidationBlocks);
            evaluation = await engine.EvaluateAsync(addresses, head, Query(wallets, addresses.Count, from), cancellationToken);
            liquidations = evaluation.Liquidations is { } logs
                ? await liquidationReader.FromLogsAsync(logs, addresses, cancellationToken)
                : await liquidationReader.ReadAsync(from, head.Number, addresses, cancellationToken);
        }
        catch (RpcException ex)
        {
            // The message only: it names the host at most, never the URL's path (where API keys live).
            LogReadFailed(logger, ex.GetType().Name, ex.Message);
            return await NotEvaluatedAsync(MonitorOutcome.ReadFailed, null, addresses.Count, now, cancellationToken);
        }

        IReadOnlyList<AlertDelivery> deliveries;
        int alerts;
        IReadOnlyList<TierAlert> predicted;
        await using (var read = database.Open())
        {
            predicted = BlockAlerts.Predict(read, evaluation, now);
        }

        var described = await facts.DescribeAsync(predicted, evaluation.Block, cancellationToken);
        var liquidated = await facts.LiquidatedAsync(wallets, liquidations, evaluation.Block, cancellationToken);
        var noticeReads = await notices.ReadAsync(wallets, evaluation.Block, evaluation.MarketStatusChanges, cancellationToken);
        await using (var connection = database.Open())
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            var noticed = notices.Apply(connection, transaction, noticeReads, now.ToUnixTimeMilliseconds());
            (deliveries, alerts) = BlockAlerts.Apply(connection, transaction, evaluation, byTransport, now, described, liquidated, noticed);
            await transaction.CommitAsync(cancellationToken);
        }

        await AfterCommitAsync(deliveries, cancellationToken);
        LogEvaluated(logger, evaluation.Block.Number, evaluation.Readings.Count, addresses.Count, alerts, evaluation.RpcRequests);
        return new MonitorPass(MonitorOutcome.Evaluated, evaluation.Block.Number, addresses.Count, evaluation.Readings.Count, alerts, deliveries.Count, evaluation.RpcRequests);
    }

    /// <summary>Nothing evaluated this pass: after the pause-notice delay, subscribers are told once.</summary>
    private async Task<MonitorPass> NotEvaluatedAsync(MonitorOutcome outcome, long? head, int addresses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = await MonitorState.ReadAsync(database, cancellationToken);
        var pass = new MonitorPass(outcome, head, addresses, 0, 0, 0, 0);
        quietSince ??= now.ToUnixTimeMilliseconds();
        var since = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(state.EvaluatedAt ?? 0, quietSince.Value));
        if (state.Paused || now - since < options.Value.PauseNoticeDelay)
        {
            return pass;
        }

        IReadOnlyList<AlertDelivery> deliveries;
        await using (var connection = database.Open())
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            deliveries = BlockAlerts.Pause(connection, transaction, byTransport, since, now);
            await transaction.CommitAsync(cancellationToken);
        }

        LogPaused(logger, since, state.LastBlock, deliveries.Count);
        await AfterCommitAsync(deliveries, cancellationToken);
        return pass with { Messages = deliveries.Count };
    }

    private async Task AfterCommitAsync(IReadOnlyList<AlertDelivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        outbox.Notify();
        foreach (var d in deliveries)
        {
            await d.Channel.AfterCommitAsync(d.UserId, d.Message, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Block {Block} evaluated: {Readings} of {Addresses} addresses read, {Alerts} users alerted, {Requests} RPC requests")]
    private static partial void LogEvaluated(ILogger logger, long block, int readings, int addresses, int alerts, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The head block could not be evaluated ({Kind}: {Detail}); nothing changes until a block can be")]
    private static partial void LogReadFailed(ILogger logger, string kind, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No block evaluated since {Since} (last block {Block}): monitoring paused, {Notices} subscribers told")]
    private static partial void LogPaused(ILogger logger, DateTimeOffset since, long? block, int notices);

    [LoggerMessage(Level = LogLevel.Error, Message = "The monitor's database failed; retrying at the next poll")]
    private static partial void LogDatabaseFault(ILogger logger, Exception exception);
}
