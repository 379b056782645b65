using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// Evaluates watched accounts' health at one block. Today's engine reads <c>accountLiquidity</c> per account in batched
/// Multicall3 calls (<see cref="BatchedLiquidityEngine"/>); an engine that keeps account state from logs and computes the
/// same figures locally plugs in behind this interface.
/// </summary>
public interface IHealthEngine
{
    /// <summary>Evaluates <paramref name="accounts"/> at <paramref name="block"/> (every read pinned to its hash).</summary>
    /// <exception cref="RpcException">The block could not be evaluated (node down, block unknown): nothing at this block counts.</exception>
    Task<HealthEvaluation> EvaluateAsync(IReadOnlyList<Address> accounts, BlockHeader block, CancellationToken cancellationToken = default);
}
