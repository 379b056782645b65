using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// Starting and recovering: the markets listed before the start block, undoing orphaned or half-applied work, and starting
/// over after a reorg deeper than the kept history.
/// </summary>
public sealed partial class LogIndexer
{
    /// <summary>Fresh backfills started because a reorg went deeper than <see cref="LogIndexerOptions.ReorgDepth"/>.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>
    /// Drops the book, listings, hashes and kept logs and goes back to before <see cref="LogIndexerOptions.StartBlock"/>: the
    /// pages that follow are a fresh backfill on the new branch (the consumer answers from chain meanwhile, as at first start).
    /// </summary>
    private void Restart()
    {
        Book = new AccountBook();
        Applier = new LogApplier(Book, auditor);
        listings.Clear();
        hashes.Clear();
        keptLogs.Clear();
        Head = options.StartBlock - 1;
        LiquidationsFrom = Head + 1;
        // A pending re-validation belonged to the dead branch; the new branch's own Upgraded logs set it again if it has them.
        Upgraded = false;
        MarketsChanged = true;
        initialized = false;
        Reorgs++;
        Rebuilds++;
    }

    /// <summary>Lists the markets listed before <see cref="LogIndexerOptions.StartBlock"/> (their logs are not in the pages).</summary>
    private async Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        if (initialized)
        {
            return 0;
        }

        initialized = true;
        if (options.StartBlock <= 0)
        {
            return 0;
        }

        foreach (var market in await reader.ListAsync(BlockParameter.Number(options.StartBlock - 1), cancellationToken).ConfigureAwait(false))
        {
            List(options.StartBlock - 1, market.Market);
        }

        return 2;
    }

    /// <summary>
    /// Awaits a page or block; when it fails halfway (the re-read after a listing refused, a log that names no account) undoes
    /// what it applied, so a retry from <see cref="Head"/> does not apply the same logs twice.
    /// </summary>
    private async Task<int> AppliedWholeAsync(Task<int> application)
    {
        try
        {
            return await application.ConfigureAwait(false);
        }
        catch
        {
            Discard(Head);
            throw;
        }
    }

    private void RollBack(long block)
    {
        Discard(block);
        Head = block;
        Reorgs++;
    }

    /// <summary>Undoes everything applied after <paramref name="block"/> (a rollback, or a page or block that failed halfway).</summary>
    private void Discard(long block)
    {
        Book.Rollback(block);
        while (hashes.Count > 0 && hashes.Keys[^1] > block)
        {
            hashes.RemoveAt(hashes.Count - 1);
        }

        keptLogs.RemoveAll(l => l.BlockNumber > block);
        LiquidationsFrom = Math.Min(LiquidationsFrom, block + 1);
        if (listings.RemoveAll(l => l.Block > block) > 0)
        {
            // A market listed on an orphaned block is not listed on the new branch (it may be listed again there, replayed).
            Applier = new LogApplier(Book, auditor);
            foreach (var (_, market) in listings)
            {
                Applier.List(market);
            }

            MarketsChanged = true;
        }
    }
}
