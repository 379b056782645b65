using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>One call inside a Multicall3 <c>aggregate3</c>.</summary>
/// <param name="Target">The contract called.</param>
/// <param name="CallData">Selector and arguments.</param>
/// <param name="AllowFailure">When true a revert of this call is reported in its result; when false it reverts the whole chunk.</param>
/// <param name="GasEstimate">Gas this call is expected to use, for chunking; null uses <see cref="Multicall3Options.DefaultGasPerCall"/>.</param>
public sealed record Multicall3Call(Address Target, byte[] CallData, bool AllowFailure = true, long? GasEstimate = null);

/// <summary>The outcome of one call of an <c>aggregate3</c>.</summary>
/// <param name="Success">False when the call reverted (its revert data is then in <paramref name="ReturnData"/>).</param>
/// <param name="ReturnData">Return data, or revert data when <paramref name="Success"/> is false.</param>
public sealed record Multicall3Result(bool Success, byte[] ReturnData);

/// <summary>How <see cref="Multicall3"/> splits a long list of calls into <c>aggregate3</c> chunks.</summary>
public sealed record Multicall3Options
{
    /// <summary>At most this many calls per <c>aggregate3</c> (default 1,000).</summary>
    public int MaxCallsPerChunk { get; init; } = 1_000;

    /// <summary>
    /// At most this much estimated gas per chunk (default 25M: under the 30M <c>eth_call</c> cap of anvil and most providers,
    /// leaving room for Multicall3's own overhead).
    /// </summary>
    public long GasBudgetPerChunk { get; init; } = 25_000_000;

    /// <summary>Gas assumed for a call without an estimate (default 50,000; an <c>accountLiquidity</c> read is ~20–40k).</summary>
    public long DefaultGasPerCall { get; init; } = 50_000;
}

/// <summary>
/// Multicall3 (<c>0xcA11bde05977b3631167028862bE2a173976CA11</c> on every chain): many reads in one <c>eth_call</c> through
/// <c>aggregate3((address target,bool allowFailure,bytes callData)[]) returns ((bool success,bytes returnData)[])</c>.
/// Long lists are chunked by count and gas; all chunks go in one JSON-RPC batch, pinned to one block.
/// </summary>
public static class Multicall3
{
    /// <summary>The canonical Multicall3 address.</summary>
    public static Address CanonicalAddress { get; } = Address.Parse("0xcA11bde05977b3631167028862bE2a173976CA11");

    /// <summary>The <c>aggregate3</c> function.</summary>
    public static AbiFunction Aggregate3 { get; } =
        AbiFunction.Parse("aggregate3((address target,bool allowFailure,bytes callData)[] calls) payable returns ((bool success,bytes returnData)[] returnData)");

    /// <summary><c>getCurrentBlockTimestamp()</c>: <c>block.timestamp</c> as the calls of the same <c>aggregate3</c> see it.</summary>
    public static AbiFunction GetCurrentBlockTimestamp { get; } = AbiFunction.Parse("getCurrentBlockTimestamp() view returns (uint256 timestamp)");

    /// <summary>Splits calls into chunks that respect <paramref name="options"/> (every chunk holds at least one call).</summary>
    public static IReadOnlyList<IReadOnlyList<Multicall3Call>> Chunk(IReadOnlyList<Multicall3Call> calls, Multicall3Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        options ??= new Multicall3Options();
        var chunks = new List<IReadOnlyList<Multicall3Call>>();
        var current = new List<Multicall3Call>();
        long gas = 0;
        foreach (var call in calls)
        {
            var cost = call.GasEstimate ?? options.DefaultGasPerCall;
            if (current.Count > 0 && (current.Count >= options.MaxCallsPerChunk || gas + cost > options.GasBudgetPerChunk))
            {
                chunks.Add(current);
                current = [];
                gas = 0;
            }

            current.Add(call);
            gas += cost;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    /// <summary>The <c>aggregate3</c> calldata for one chunk.</summary>
    public static byte[] Encode(IReadOnlyList<Multicall3Call> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return Aggregate3.Encode([calls.Select(c => (object?)new object?[] { c.Target, c.AllowFailure, c.CallData }).ToArray()]);
    }

    /// <summary>Decodes <c>aggregate3</c> return data into one result per call.</summary>
    /// <exception cref="AbiException">The data is not an <c>aggregate3</c> answer.</exception>
    public static IReadOnlyList<Multicall3Result> Decode(ReadOnlySpan<byte> returnData) =>
        ((object?[])Aggregate3.Decode(returnData)[0]!)
            .Select(r => (object?[])r!)
            .Select(r => new Multicall3Result((bool)r[0]!, (byte[])r[1]!))
            .ToArray();

    /// <summary>
    /// Runs the calls through <c>aggregate3</c> and returns one result per call, in order. Chunks are sent as one JSON-RPC
    /// batch; pass a block number in <paramref name="block"/> so every chunk reads the same state.
    /// </summary>
    /// <exception cref="RevertException">A chunk reverted as a whole (a call with <c>AllowFailure = false</c> failed, or out of gas).</exception>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public static async Task<IReadOnlyList<Multicall3Result>> AggregateAsync(
        this JsonRpcClient rpc,
        IReadOnlyList<Multicall3Call> calls,
        BlockParameter? block = null,
        Multicall3Options? options = null,
        Address? multicall = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(calls);
        var chunks = Chunk(calls, options);
        var requests = chunks.Select(chunk => EthMethods.CallRequest(new TransactionRequest(multicall ?? CanonicalAddress, Encode(chunk)), block)).ToArray();
        var responses = await rpc.SendBatchAsync(requests, cancellationToken).ConfigureAwait(false);
        var results = new List<Multicall3Result>(calls.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunkResults = Decode(EthMethods.Bytes(responses[i].GetResultOrThrow()));
            if (chunkResults.Count != chunks[i].Count)
            {
                throw new RpcException($"Multicall3 answered {chunkResults.Count} results for {chunks[i].Count} calls.");
            }

            results.AddRange(chunkResults);
        }

        return results;
    }
}
