using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol;

/// <summary>One contract read: the contract, the typed function and its arguments.</summary>
public sealed record ContractCall(Address To, AbiFunction Function, params object?[] Arguments);

/// <summary>Reads several contract functions in one JSON-RPC batch, all at the same block.</summary>
public static class ChainReader
{
    /// <summary>
    /// Sends every call as <c>eth_call</c> in one batch at <paramref name="block"/> and decodes each result.
    /// </summary>
    /// <returns>The decoded outputs of each call, in order.</returns>
    /// <exception cref="RevertException">A call reverted (the first one that did).</exception>
    public static async Task<object?[][]> ReadAsync(
        this JsonRpcClient rpc, IReadOnlyList<ContractCall> calls, BlockParameter block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(calls);
        var requests = calls.Select(c => EthMethods.CallRequest(new TransactionRequest(c.To, c.Function.Encode(c.Arguments)), block)).ToArray();
        var responses = await rpc.SendBatchAsync(requests, cancellationToken);
        return responses.Select((r, i) => calls[i].Function.Decode(EthMethods.Bytes(r.GetResultOrThrow()))).ToArray();
    }
}
