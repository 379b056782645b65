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
/// <see cref="AlertOptions.CheckpointInterval"/>. After a divergence the state is not trusted: the stored checkpoint is
/// cleared at once (a restart backfills instead of resuming it) and a fresh backfill rebuilds the state while the batched
/// reads answer; once caught up and checked, local results are used and checkpoints saved again.
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
    /// <summary>
    /// Rebuilds after divergences per process. A state rebuilt from a fresh backfill that diverges again points at a rule the
    /// engine gets wrong, not at damaged state: rebuilding forever would re-read the history for nothing.
    /// </summary>
    public const int MaxRebuilds = 3;

    private LogHealthEngine? engine;
    private LogIndexer? indexer;
    private DateTimeOffset? savedAt;
    private long? start;
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

    /// <summary>Divergences seen by this process; each discards the state and rebuilds it (up to <see cref="MaxRebuilds"/>).</summary>
    public int Divergences { get; private set; }

    /// <summary>The last divergence (account, block, local, chain), for the operator.</summary>
    public string? Divergence { get; private set; }

    /// <summary>The account of <see cref="Divergence"/>.</summary>
    public Address? DivergedAccount { get; private set; }

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
        catch (AbiException ex)
        {
            // A protocol log names its accounts in a shape the rules were not written for (an upgrade changed it): which
            // accounts it changed cannot be known, so local health cannot follow; the batched reads answer for the rest of this
            // process. (Data that does not decode only puts the accounts the log names on the batched reads: LogApplier.)
            LogAbandoned(logger, ex.Message);
            abandoned = true;
            return await fallback.EvaluateAsync(accounts, block, null, cancellationToken);
        }

        if (started.Diverged)
        {
            // This block was answered by the batched reads already; the state that diverged must not answer another one.
            await DiscardAsync(started, cancellationToken);
        }
        else if (indexer!.Head == block.Number && (savedAt is null || time.GetUtcNow() - savedAt >= options.Value.CheckpointInterval))
        {
            await store.SaveAsync(indexer.Checkpoint(), cancellationToken);
            savedAt = time.GetUtcNow();
            Saves++;
        }

        return evaluation;
    }

    /// <summary>Drops the diverged state, clears the stored checkpoint, and lets the next block start a fresh backfill.</summary>
    private async Task DiscardAsync(LogHealthEngine diverged, CancellationToken cancellationToken)
    {
        Divergences++;
        (Divergence, DivergedAccount) = (diverged.Divergence, diverged.DivergedAccount);
        (engine, indexer, savedAt, rebuild) = (null, null, null, true);
        if (Divergences > MaxRebuilds)
        {
            LogGaveUp(logger, Divergences, Divergence ?? string.Empty);
            abandoned = true;
        }
        else
        {
            LogDiverged(logger, Divergence ?? string.Empty);
        }

        // Cleared now, not when the rebuild starts: a restart before the next block must not resume the diverged state.
        await store.ClearAsync(cancellationToken);
    }

    private async Task<LogHealthEngine> StartAsync(CancellationToken cancellationToken)
    {
        if (rebuild)
        {
            // Again, in case clearing failed on the block of the divergence (the pass failed; this one retries it).
            await store.ClearAsync(cancellationToken);
        }

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
            // Found once per process: a rebuild starts where the first backfill would have.
            start ??= options.Value.LogStartBlock ?? await DeploymentBlockAsync(cancellationToken);
            StartBlock = start;
            indexer = new LogIndexer(rpc, deployment, new LogIndexerOptions { StartBlock = start.Value });
            LogBackfill(logger, start.Value);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health stopped: a protocol log does not decode ({Reason}); the batched reads answer from now on")]
    private static partial void LogAbandoned(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health diverged from accountLiquidity ({Divergence}); its state is discarded and rebuilt from a fresh backfill, the batched reads answer until it catches up")]
    private static partial void LogDiverged(ILogger logger, string divergence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local health diverged from accountLiquidity again after {Divergences} rebuilds ({Divergence}); the batched reads answer from now on")]
    private static partial void LogGaveUp(ILogger logger, int divergences, string divergence);
}
