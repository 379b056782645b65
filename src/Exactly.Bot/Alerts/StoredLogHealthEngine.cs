using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Exactly.Bot.Protocol.Positions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Alerts;

/// <summary>
/// The monitor's <see cref="LogHealthEngine"/> with its state kept in SQLite: on first use it resumes from the stored
/// checkpoint (or backfills from <see cref="AlertOptions.LogStartBlock"/>, else the Auditor's deployment block), with the
/// batched <c>accountLiquidity</c> reads as its verifier and fallback; while it follows the head it saves a checkpoint every
/// <see cref="AlertOptions.CheckpointInterval"/> (never after a divergence: that state is not trusted).
/// </summary>
/// <param name="rpc">The node.</param>
/// <param name="deployment">The configured Auditor and Multicall3.</param>
/// <param name="store">Where checkpoints live.</param>
/// <param name="fallback">The batched engine.</param>
/// <param name="time">Paces the checkpoints.</param>
/// <param name="options">Start block and checkpoint interval.</param>
/// <param name="logger">Resumes, backfill starts and divergences.</param>
public sealed partial class StoredLogHealthEngine(
    JsonRpcClient rpc, ProtocolDeployment deployment, ILocalHealthStore store, BatchedLiquidityEngine fallback, TimeProvider time, IOptions<AlertOptions> options,
    ILogger<StoredLogHealthEngine> logger) : IHealthEngine, ILocalFixedBorrows
{
    private LogHealthEngine? engine;
    private LogIndexer? indexer;
    private DateTimeOffset? savedAt;
    private bool divergenceLogged;
    private bool rebuild;
    private bool abandoned;

    /// <summary>The engine once started (for diagnostics and tests).</summary>
    public LogHealthEngine? Engine => engine;

    /// <summary>The indexer once started.</summary>
    public LogIndexer? Indexer => indexer;

    /// <summary>The block the backfill started from; null when the engine resumed from a checkpoint (or has not started).</summary>
    public long? StartBlock { get; private set; }

    /// <summary>Checkpoints saved by this process.</summary>
    public int Saves { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<Address, IReadOnlyList<HeldFixedBorrow>>? FixedBorrowsAt(IReadOnlyList<Address> accounts, BlockHeader block) =>
        abandoned ? null : engine?.FixedBorrowsAt(accounts, block);

    /// <inheritdoc />
    public async Task<HealthEvaluation> EvaluateAsync(IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (abandoned)
        {
            return await fallback.EvaluateAsync(accounts, block, null, cancellationToken);
        }

        var started = engine ?? await StartAsync(cancellationToken);
        HealthEvaluation evaluation;
        try
        {
            evaluation = await started.EvaluateAsync(accounts, block, query, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // A reorg deeper than the kept history: the state (and the stored checkpoint) is on a dead branch. Backfill again
            // from the start block; the batched reads answer meanwhile.
            LogRebuild(logger, ex.Message);
            (engine, indexer, rebuild) = (null, null, true);
            return await fallback.EvaluateAsync(accounts, block, null, cancellationToken);
        }
        catch (AbiException ex)
        {
            // A protocol log no longer has the shape the rules were written for (an upgrade changed it): local health cannot
            // follow; the batched reads answer for the rest of this process.
            LogAbandoned(logger, ex.Message);
            abandoned = true;
            return await fallback.EvaluateAsync(accounts, block, null, cancellationToken);
        }

        if (started.Diverged)
        {
            if (!divergenceLogged)
            {
                divergenceLogged = true;
                LogDiverged(logger, started.Divergence ?? string.Empty);
            }
        }
        else if (indexer!.Head == block.Number && (savedAt is null || time.GetUtcNow() - savedAt >= options.Value.CheckpointInterval))
        {
            await store.SaveAsync(indexer.Checkpoint(), cancellationToken);
            savedAt = time.GetUtcNow();
            Saves++;
        }

        return evaluation;
    }

    private async Task<LogHealthEngine> StartAsync(CancellationToken cancellationToken)
    {
        var checkpoint = rebuild ? null : await store.LoadAsync(cancellationToken);
        if (checkpoint is not null)
        {
            try
            {
                indexer = new LogIndexer(rpc, deployment, null, checkpoint);
                LogResumed(logger, checkpoint.Head);
            }
            catch (InvalidDataException ex)
            {
                LogCheckpointRefused(logger, ex.Message);
            }
        }

        if (indexer is null)
        {
            var start = options.Value.LogStartBlock ?? await DeploymentBlockAsync(cancellationToken);
            StartBlock = start;
            indexer = new LogIndexer(rpc, deployment, new LogIndexerOptions { StartBlock = start });
            LogBackfill(logger, start);
        }

        return engine = new LogHealthEngine(rpc, deployment, indexer, fallback);
    }

    /// <summary>The first block where the Auditor has code: a binary search with <c>eth_getCode</c> (log2(head) requests).</summary>
    private async Task<long> DeploymentBlockAsync(CancellationToken cancellationToken)
    {
        var (low, high) = (0L, await rpc.BlockNumberAsync(cancellationToken));
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if ((await rpc.GetCodeAsync(deployment.Auditor, BlockParameter.Number(middle), cancellationToken)).Length > 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local health resumes from the stored checkpoint at block {Head}")]
    private static partial void LogResumed(ILogger logger, long head);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored local health checkpoint cannot be used ({Reason}); backfilling again")]
    private static partial void LogCheckpointRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local health backfills from block {Start}; the batched reads answer until it catches up")]
    private static partial void LogBackfill(ILogger logger, long start);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health is rebuilt from its start block ({Reason}); the batched reads answer until it catches up")]
    private static partial void LogRebuild(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health stopped: a protocol log does not decode ({Reason}); the batched reads answer from now on")]
    private static partial void LogAbandoned(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health diverged from accountLiquidity ({Divergence}); the batched reads answer from now on")]
    private static partial void LogDiverged(ILogger logger, string divergence);
}
