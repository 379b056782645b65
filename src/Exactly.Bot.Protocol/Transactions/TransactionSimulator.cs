using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Runs a transaction with <c>eth_call</c> from its sender before anyone sends it; a revert becomes a sentence with the decoded
/// reason (<see cref="ProtocolErrors"/>), never a transaction.
/// </summary>
public sealed class TransactionSimulator(JsonRpcClient rpc)
{
    private readonly RevertDecoder decoder = ProtocolErrors.CreateDecoder();

    /// <summary>The decoder used for simulated and mined reverts.</summary>
    public RevertDecoder Decoder => decoder;

    /// <summary>
    /// Simulates <paramref name="transaction"/> at the latest block and returns a gas limit (the estimate plus 30 %: interest makes
    /// later blocks do more work than the estimate's).
    /// </summary>
    /// <returns>The gas limit, or "The transaction would revert: …".</returns>
    /// <exception cref="RpcException">The node failed (not a revert).</exception>
    public async Task<Outcome<BigInteger>> SimulateAsync(TransactionRequest transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        try
        {
            await rpc.CallAsync(transaction, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
            var estimate = await rpc.EstimateGasAsync(transaction, cancellationToken).ConfigureAwait(false);
            return Outcome<BigInteger>.Ok(estimate * 13 / 10);
        }
        catch (RevertException revert)
        {
            return Outcome<BigInteger>.Fail($"The transaction would revert: {decoder.Decode(revert).Message}. Nothing was sent.");
        }
    }
}
