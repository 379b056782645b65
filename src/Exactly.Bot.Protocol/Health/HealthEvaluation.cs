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
public sealed record HealthEvaluation(BlockHeader Block, IReadOnlyDictionary<Address, LiquidityReading> Readings, int RpcRequests);
