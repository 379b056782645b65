using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// Keeps an <see cref="AccountBook"/> equal to the chain: backfills from <see cref="LogIndexerOptions.StartBlock"/> with
/// <c>eth_getLogs</c> pages that halve when the provider refuses (too many results, range too large, timeout) and double
/// when it answers, then follows the head one block at a time by block hash (EIP-234). Logs are applied in (block, log
/// index) order. Reorg-safe: the hashes of the last <see cref="LogIndexerOptions.ReorgDepth"/> blocks are kept; a parent-hash
/// mismatch (or a log reported <c>removed</c>) walks back to the fork point, rolls the book back and replays; a fork below
/// the kept history starts a fresh backfill.
/// </summary>
public sealed partial class LogIndexer
{
    private readonly JsonRpcClient rpc;
    private readonly LogIndexerOptions options;
    private readonly MarketStateReader reader;
    private readonly SortedList<long, byte[]> hashes = [];
    private readonly Address auditor;
    // Each listed market with the block its MarketListed log was in, so a rollback past it unlists it.
    private readonly List<(long Block, Address Market)> listings = [];
    // Liquidate and pause/freeze logs of the kept blocks (rollbacks drop theirs): the monitor's "you were liquidated" and
    // its market notices without a request of their own.
    private readonly List<ChainLog> keptLogs = [];
    private bool initialized;

    /// <summary>Creates an indexer that has applied nothing yet.</summary>
    public LogIndexer(JsonRpcClient rpc, ProtocolDeployment deployment, LogIndexerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        this.rpc = rpc;
        this.options = options ?? new LogIndexerOptions();
        reader = new MarketStateReader(rpc, deployment);
        auditor = deployment.Auditor;
        Applier = new LogApplier(Book, deployment.Auditor);
        Head = this.options.StartBlock - 1;
        LiquidationsFrom = Head + 1;
        PageBlocks = this.options.InitialPageBlocks;
    }

    /// <summary>The accounts' state after block <see cref="Head"/>.</summary>
    public AccountBook Book { get; private set; } = new();

    /// <summary>Decodes and applies logs; knows the listed markets.</summary>
    public LogApplier Applier { get; private set; }

    /// <summary>The last block whose logs are applied.</summary>
    public long Head { get; private set; }

    /// <summary>The current page size in blocks (adapts to the provider).</summary>
    public long PageBlocks { get; private set; }

    /// <summary>Set when an admin event changed cached market values; the consumer clears it after reloading.</summary>
    public bool MarketsChanged { get; set; } = true;

    /// <summary>
    /// Set when a proxy emitted <c>Upgraded</c> (proxies also emit it when deployed): local results must not be used until
    /// re-validated; the consumer clears it then.
    /// </summary>
    public bool Upgraded { get; set; }

    /// <summary>Reorgs handled so far (fork points rolled back to).</summary>
    public int Reorgs { get; private set; }

    /// <summary>The first block whose <c>Liquidate</c> logs <see cref="Liquidations"/> can answer for (what this process applied, within reorg depth).</summary>
    public long LiquidationsFrom { get; private set; }

    /// <summary>
    /// The listed markets' <c>Liquidate</c> logs of blocks <paramref name="from"/>…<see cref="Head"/> in chain order, or null
    /// when this indexer did not apply all of them (before <see cref="LiquidationsFrom"/>): the caller then reads them itself.
    /// </summary>
    public IReadOnlyList<ChainLog>? Liquidations(long from) =>
        from < LiquidationsFrom ? null : Kept(from).Where(l => MarketEvents.Liquidate.Matches(l.Log.Topics)).ToArray();

    /// <summary>
    /// Applies every log up to and including <paramref name="target"/>, reading at most <paramref name="maxPages"/> backfill pages.
    /// </summary>
    /// <returns>
    /// True when the book is at <paramref name="target"/>; false while backfill still has pages to go (also after a reorg
    /// deeper than the kept history, which starts a fresh backfill: see <see cref="Rebuilds"/>).
    /// </returns>
    /// <exception cref="RpcException">The node failed, or refused even a one-block page.</exception>
    public async Task<(bool CaughtUp, int Requests)> SyncAsync(BlockHeader target, int maxPages = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var requests = 0;
        if (Known(target.Number) is { } known && known.AsSpan().SequenceEqual(target.Hash))
        {
            // Already applied; the book is at this block only if it is the head (an older block: it is ahead of it).
            return (target.Number == Head, requests);
        }

        // A block we applied differs from the target's chain: the target itself (same height, new hash), its parent, or the
        // head (checked against the canonical header once we are within reorg depth of the target).
        if (target.Number <= Head || (target.Number == Head + 1 && Known(Head) is { } head && !head.AsSpan().SequenceEqual(target.ParentHash)))
        {
            requests += await RewindAsync(Math.Min(Head, target.Number - 1), cancellationToken).ConfigureAwait(false);
        }

        // Several blocks to catch up: the range pages cannot see a fork below them, so check first that the head we applied is
        // still canonical (one header read; one block per evaluation needs none, its parent hash says it).
        if (target.Number > Head + 1 && Known(Head) is { } applied)
        {
            var canonical = await BlockHeader.ReadAsync(rpc, BlockParameter.Number(Head), cancellationToken).ConfigureAwait(false);
            requests++;
            if (!canonical.Hash.AsSpan().SequenceEqual(applied))
            {
                requests += await RewindAsync(Head - 1, cancellationToken).ConfigureAwait(false);
            }
        }

        var pages = 0;
        for (var attempt = 0; ; attempt++)
        {
            // First use, or a rewind found the fork below the kept history and started a fresh backfill.
            requests += await InitializeAsync(cancellationToken).ConfigureAwait(false);
            while (Head < target.Number - 1)
            {
                if (pages++ >= maxPages)
                {
                    return (false, requests);
                }

                requests += await AppliedWholeAsync(PageAsync(target.Number - 1, cancellationToken)).ConfigureAwait(false);
            }

            if (Known(Head) is not { } parent)
            {
                hashes[Head] = target.ParentHash;
                break;
            }

            if (parent.AsSpan().SequenceEqual(target.ParentHash))
            {
                break;
            }

            if (attempt == 2)
            {
                throw new RpcException($"Block {target.Number}'s parent is not the block {Head} the node reports: the provider answers from different forks.");
            }

            requests += await RewindAsync(Head, cancellationToken).ConfigureAwait(false);
        }

        requests += await AppliedWholeAsync(BlockAsync(target, cancellationToken)).ConfigureAwait(false);
        return (true, requests);
    }

    private byte[]? Known(long block) => hashes.TryGetValue(block, out var hash) ? hash : null;

    /// <summary>
    /// Walks back from <paramref name="from"/> comparing kept hashes with the canonical headers; rolls the book back to the
    /// newest block that still matches. When none does (the fork is below the kept history), starts a fresh backfill.
    /// </summary>
    private async Task<int> RewindAsync(long from, CancellationToken cancellationToken)
    {
        var requests = 0;
        for (var n = from; n >= options.StartBlock - 1; n--)
        {
            if (Known(n) is not { } kept)
            {
                if (hashes.Count == 0 || n < hashes.Keys[0])
                {
                    // Every block we can check is on a dead branch and the undo journal does not reach the fork.
                    Restart();
                    return requests;
                }

                continue;
            }

            var canonical = await BlockHeader.ReadAsync(rpc, BlockParameter.Number(n), cancellationToken).ConfigureAwait(false);
            requests++;
            if (canonical.Hash.AsSpan().SequenceEqual(kept))
            {
                RollBack(n);
                return requests;
            }
        }

        RollBack(options.StartBlock - 1);
        return requests;
    }

    private void Advance(long block, byte[]? hash)
    {
        Head = block;
        if (hash is not null)
        {
            hashes[block] = hash;
        }

        var oldest = block - options.ReorgDepth;
        while (hashes.Count > 0 && hashes.Keys[0] < oldest)
        {
            hashes.RemoveAt(0);
        }

        Book.Forget(oldest);
        keptLogs.RemoveAll(l => l.BlockNumber < oldest);
        LiquidationsFrom = Math.Max(LiquidationsFrom, oldest);
    }

    private void List(long block, Address market)
    {
        if (!Applier.Markets.Contains(market))
        {
            Applier.List(market);
            listings.Add((block, market));
        }
    }
}
