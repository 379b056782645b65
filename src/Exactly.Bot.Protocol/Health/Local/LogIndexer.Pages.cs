using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>Fetching and applying logs: adaptive backfill pages and single blocks by hash.</summary>
public sealed partial class LogIndexer
{
    private static readonly AbiEvent[] Monitored = [MarketEvents.Liquidate, MarketEvents.Paused, MarketEvents.Unpaused, MarketEvents.Frozen];

    /// <summary>
    /// What the filter asks for: every state-changing topic, and <c>Liquidate</c>, <c>Paused</c>, <c>Unpaused</c> and
    /// <c>Frozen</c> (kept for the alert monitor).
    /// </summary>
    private static readonly IReadOnlyList<ReadOnlyMemory<byte>> Topics =
        [.. LogApplier.Topics, .. Monitored.Select(e => e.Topic0)];

    /// <summary>
    /// The listed markets that emitted <c>Paused</c>, <c>Unpaused</c> or <c>Frozen</c> in blocks <paramref name="from"/>…<see cref="Head"/>,
    /// or null when this indexer did not apply all of those blocks (before <see cref="LiquidationsFrom"/>): the caller then reads the statuses itself.
    /// </summary>
    public IReadOnlyCollection<Address>? MarketStatusChanges(long from) =>
        from < LiquidationsFrom ? null : Kept(from).Where(l => !MarketEvents.Liquidate.Matches(l.Log.Topics)).Select(l => l.Log.Address).ToHashSet();

    /// <summary>Logs of known events whose data did not decode; the accounts they named are read from chain (for the operator).</summary>
    public int RefusedLogs { get; private set; }

    private IEnumerable<ChainLog> Kept(long from) => keptLogs.Where(l => l.BlockNumber >= from && l.BlockNumber <= Head);

    /// <summary>One backfill page from <see cref="Head"/> + 1 towards <paramref name="last"/>; shrinks on refusals.</summary>
    private async Task<int> PageAsync(long last, CancellationToken cancellationToken)
    {
        var requests = 0;
        while (true)
        {
            var from = Head + 1;
            var to = Math.Min(last, from + PageBlocks - 1);
            IReadOnlyList<ChainLog> logs;
            try
            {
                requests++;
                logs = await rpc.GetLogsAsync(new LogFilter(Applier.FilterAddresses, Topics, from, to), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex is not RevertException && PageBlocks > 1)
            {
                // "query returned more than 10000 results", "block range is too large", a 413 or a timeout: all mean less.
                PageBlocks = Math.Max(1, PageBlocks / 2);
                continue;
            }

            var (stoppedAt, logIndex) = Apply(logs, skipThrough: null);
            if (stoppedAt is { } listed)
            {
                // A market was listed at block `listed`: its own logs were not in this filter. Re-read that block with it.
                requests += await ResumeAsync(new LogFilter(Applier.FilterAddresses, Topics, listed, listed), (listed, logIndex), cancellationToken)
                    .ConfigureAwait(false);
                Advance(listed, logs.FirstOrDefault(l => l.BlockNumber == listed)?.BlockHash);
                return requests;
            }

            Advance(to, logs.LastOrDefault(l => l.BlockNumber == to)?.BlockHash ?? Known(to));
            if (to - from + 1 == PageBlocks)
            {
                // Grow only on a full page the provider accepted: a short last page says nothing about the limit.
                PageBlocks = Math.Min(options.MaxPageBlocks, PageBlocks * 2);
            }
            return requests;
        }
    }

    /// <summary>The target block's logs by hash: every node answers for this block or errors.</summary>
    private async Task<int> BlockAsync(BlockHeader block, CancellationToken cancellationToken)
    {
        var requests = await ResumeAsync(new LogFilter(Applier.FilterAddresses, Topics, BlockHash: block.Hash), null, cancellationToken).ConfigureAwait(false);
        Advance(block.Number, block.Hash);
        return requests;
    }

    /// <summary>Reads one block's logs and applies those after <paramref name="skipThrough"/>, again while listings change.</summary>
    private async Task<int> ResumeAsync(LogFilter filter, (long Block, int LogIndex)? skipThrough, CancellationToken cancellationToken)
    {
        var requests = 0;
        while (true)
        {
            requests++;
            var logs = await rpc.GetLogsAsync(filter with { Addresses = Applier.FilterAddresses }, cancellationToken).ConfigureAwait(false);
            var (stoppedAt, logIndex) = Apply(logs, skipThrough);
            if (stoppedAt is null)
            {
                return requests;
            }

            skipThrough = (stoppedAt.Value, logIndex);
        }
    }

    /// <summary>
    /// Applies logs in order, skipping those at or before <paramref name="skipThrough"/>. Stops right after a
    /// <c>MarketListed</c> and says where (the caller re-reads with the new market in the filter).
    /// </summary>
    private (long? Block, int LogIndex) Apply(IReadOnlyList<ChainLog> logs, (long Block, int LogIndex)? skipThrough)
    {
        foreach (var log in logs)
        {
            if (log.Removed || (skipThrough is { } skip && (log.BlockNumber < skip.Block || (log.BlockNumber == skip.Block && log.LogIndex <= skip.LogIndex))))
            {
                // A removed log belongs to a block that is no longer canonical; the parent-hash check rolls back what we applied of it.
                continue;
            }

            if (Array.Exists(Monitored, e => e.Matches(log.Log.Topics)) && Applier.Markets.Contains(log.Log.Address))
            {
                keptLogs.Add(log);
                continue;
            }

            var listed = Applier.Markets.Count;
            switch (Applier.Apply(log))
            {
                case LogEffect.MarketListed:
                    if (Applier.Markets.Count > listed)
                    {
                        listings.Add((log.BlockNumber, Applier.Markets[^1]));
                    }

                    MarketsChanged = true;
                    return (log.BlockNumber, log.LogIndex);
                case LogEffect.MarketsChanged:
                    MarketsChanged = true;
                    break;
                case LogEffect.Upgraded:
                    Upgraded = true;
                    break;
                case LogEffect.Refused:
                    RefusedLogs++;
                    break;
            }
        }

        return (null, 0);
    }
}
