using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// Evaluates watched accounts' health at one block. Two engines: <see cref="BatchedLiquidityEngine"/> reads
/// <c>accountLiquidity</c> per account in batched Multicall3 calls; <see cref="Local.LogHealthEngine"/> keeps account state
/// from logs and computes the same figures locally (the batched engine as its verifier and fallback).
/// </summary>
public interface IHealthEngine
{
    /// <summary>Evaluates <paramref name="accounts"/> at <paramref name="block"/> (every read pinned to its hash).</summary>
    /// <param name="accounts">The accounts.</param>
    /// <param name="block">The block.</param>
    /// <param name="query">Thresholds that allow screening, accounts that must be exact, liquidations wanted; null: every reading exact.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="RpcException">The block could not be evaluated (node down, block unknown): nothing at this block counts.</exception>
    Task<HealthEvaluation> EvaluateAsync(IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery? query = null, CancellationToken cancellationToken = default);
}
