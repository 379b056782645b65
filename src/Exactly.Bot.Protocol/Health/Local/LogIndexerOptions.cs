namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>How <see cref="LogIndexer"/> backfills and how much history it keeps for reorgs.</summary>
public sealed record LogIndexerOptions
{
    /// <summary>
    /// First block whose logs are applied: at or before the Auditor's deployment, or accounts active earlier are missing
    /// history (they then become untrusted and are read from chain).
    /// </summary>
    public long StartBlock { get; init; }

    /// <summary>Blocks per <c>eth_getLogs</c> page at first (default 2,000); halves on a provider refusal, doubles on success.</summary>
    public long InitialPageBlocks { get; init; } = 2_000;

    /// <summary>Largest page (default 50,000 blocks).</summary>
    public long MaxPageBlocks { get; init; } = 50_000;

    /// <summary>Blocks of undo history and hashes kept (default 256, ~8.5 min of 2 s blocks; OP Stack unsafe reorgs are shallower).</summary>
    public int ReorgDepth { get; init; } = 256;
}
