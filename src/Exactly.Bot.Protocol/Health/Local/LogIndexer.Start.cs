using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>Starting: the markets listed before the start block, and starting over after a reorg deeper than the kept history.</summary>
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
}

