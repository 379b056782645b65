using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Reads several contract functions in ONE <c>eth_call</c> through Multicall3 <c>aggregate3</c>, together with the block
/// number and timestamp they were executed at: one round trip, one block, by construction (an <c>eth_call</c> executes at
/// a single block, so no <c>eth_blockNumber</c> + batch race). Calls may fail individually (<c>allowFailure</c>); a failure
/// is reported, not thrown, so a quote can explain it (e.g. <c>previewDeleverage</c> reverting with no position).
/// </summary>
public static class PinnedReads
{
    private static readonly AbiFunction GetBlockNumber = AbiFunction.Parse("getBlockNumber() view returns (uint256)");
    private static readonly AbiFunction GetCurrentBlockTimestamp = AbiFunction.Parse("getCurrentBlockTimestamp() view returns (uint256)");

    /// <summary>Runs <paramref name="calls"/> at the latest block in one <c>eth_call</c>.</summary>
    /// <param name="rpc">The node.</param>
    /// <param name="multicall3">Multicall3 (the deployment's).</param>
    /// <param name="calls">The reads; each one's target and typed function.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The block, its timestamp (Unix seconds) and each call's decoded outputs or revert data.</returns>
    /// <exception cref="RpcException">The node could not answer, or Multicall3 itself reverted (out of gas).</exception>
    public static async Task<PinnedResult> ReadAsync(
        this JsonRpcClient rpc, Ethereum.Address multicall3, IReadOnlyList<ContractCall> calls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(calls);
        var all = new List<Multicall3Call>(calls.Count + 2)
        {
            new(multicall3, GetBlockNumber.Encode(), AllowFailure: false),
            new(multicall3, GetCurrentBlockTimestamp.Encode(), AllowFailure: false),
        };
        all.AddRange(calls.Select(c => new Multicall3Call(c.To, c.Function.Encode(c.Arguments))));
        // One chunk, always: splitting would give up the one-block guarantee. Quotes need ~5–12 calls.
        var options = new Multicall3Options { MaxCallsPerChunk = all.Count, GasBudgetPerChunk = long.MaxValue, DefaultGasPerCall = 1 };
        var results = await rpc.AggregateAsync(all, BlockParameter.Latest, options, multicall3, cancellationToken).ConfigureAwait(false);
        var block = (long)(System.Numerics.BigInteger)GetBlockNumber.Decode(results[0].ReturnData)[0]!;
        var timestamp = (long)(System.Numerics.BigInteger)GetCurrentBlockTimestamp.Decode(results[1].ReturnData)[0]!;
        var decoded = new CallResult[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var r = results[i + 2];
            decoded[i] = r.Success && r.ReturnData.Length > 0
                ? new CallResult(calls[i].Function.Decode(r.ReturnData), null)
                : new CallResult(null, r.ReturnData);
        }

        return new PinnedResult(block, timestamp, decoded);
    }
}

/// <summary>One call's outcome inside <see cref="PinnedResult"/>.</summary>
/// <param name="Outputs">Decoded outputs; null when the call reverted.</param>
/// <param name="RevertData">The revert data when it reverted (decode with <see cref="RevertDecoder"/>).</param>
public sealed record CallResult(object?[]? Outputs, byte[]? RevertData)
{
    /// <summary>True when the call succeeded.</summary>
    public bool Success => Outputs is not null;

    /// <summary>Output <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The call reverted (a bug: check <see cref="Success"/> first).</exception>
    public T Get<T>(int index = 0) => Outputs is { } o ? (T)o[index]! : throw new InvalidOperationException("The call reverted; check Success first.");
}

/// <summary>What <see cref="PinnedReads.ReadAsync"/> returns: every result from the same block.</summary>
/// <param name="Block">The block number the calls executed at.</param>
/// <param name="Timestamp">That block's timestamp, Unix seconds.</param>
/// <param name="Results">One result per call, in order.</param>
public sealed record PinnedResult(long Block, long Timestamp, IReadOnlyList<CallResult> Results)
{
    /// <summary>Result <paramref name="index"/>.</summary>
    public CallResult this[int index] => Results[index];
}
