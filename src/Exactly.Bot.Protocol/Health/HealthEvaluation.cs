using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// What a health engine found at one block: a reading per account it could evaluate. An account missing from
/// <see cref="Readings"/> could not be evaluated at this block (its call reverted, e.g. a 256-bit overflow or a price
/// feed answering ≤ 0): no alert may be based on it.
/// </summary>
/// <param name="Block">The block every reading is pinned to.</param>
/// <param name="Readings">The readings, by account.</param>
/// <param name="RpcRequests">JSON-RPC requests this evaluation sent (a batch counts once per request inside it).</param>
public sealed record HealthEvaluation(BlockHeader Block, IReadOnlyDictionary<Address, LiquidityReading> Readings, int RpcRequests)
{
    /// <summary>
    /// Accounts whose reading was screened, not computed exactly (only with <see cref="HealthQuery.Thresholds"/>): its figures
    /// are approximate (relative error ~1e-15), its side of every threshold of the query is the exact one. Never state
    /// these figures; every other reading equals <c>accountLiquidity</c> at <see cref="Block"/> to the wei.
    /// </summary>
    public IReadOnlySet<Address> Approximate { get; init; } = new HashSet<Address>();

    /// <summary>
    /// The <c>Liquidate</c> logs of blocks <see cref="HealthQuery.LiquidationsFrom"/>…<see cref="Block"/> emitted by the listed
    /// markets, in chain order, when the engine read those blocks' logs anyway; null when it did not (the caller reads them).
    /// </summary>
    public IReadOnlyList<ChainLog>? Liquidations { get; init; }

    /// <summary>
    /// The listed markets that emitted <c>Paused</c>, <c>Unpaused</c> or <c>Frozen</c> in blocks
    /// <see cref="HealthQuery.LiquidationsFrom"/>…<see cref="Block"/>, when the engine read those blocks' logs anyway (empty:
    /// no market's pause or freeze changed); null when it did not (the caller reads the statuses).
    /// </summary>
    public IReadOnlyCollection<Address>? MarketStatusChanges { get; init; }

    /// <summary>True when the engine answered from its own state (not from <c>accountLiquidity</c> reads), for diagnostics.</summary>
    public bool Local { get; init; }
}
