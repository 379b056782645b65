using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>The standard <c>eth_*</c> methods as typed calls on top of <see cref="JsonRpcClient.SendAsync"/>.</summary>
public static class EthMethods
{
    /// <summary><c>eth_chainId</c>: the chain id (10 for Optimism).</summary>
    public static async Task<long> ChainIdAsync(this JsonRpcClient rpc, CancellationToken cancellationToken = default) =>
        (long)Quantity(await rpc.SendAsync(new("eth_chainId"), cancellationToken));

    /// <summary><c>eth_blockNumber</c>: the newest block number.</summary>
    public static async Task<long> BlockNumberAsync(this JsonRpcClient rpc, CancellationToken cancellationToken = default) =>
        (long)Quantity(await rpc.SendAsync(new("eth_blockNumber"), cancellationToken));

    /// <summary><c>eth_getBlockByNumber("latest", false).timestamp</c>: the latest block's timestamp, Unix seconds.</summary>
    public static async Task<long> LatestTimestampAsync(this JsonRpcClient rpc, CancellationToken cancellationToken = default) =>
        (await BlockHeader.ReadAsync(rpc, BlockParameter.Latest, cancellationToken).ConfigureAwait(false)).Timestamp;

    /// <summary><c>eth_getBalance</c>: the account's balance in wei.</summary>
    public static async Task<BigInteger> GetBalanceAsync(this JsonRpcClient rpc, Address account, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Quantity(await rpc.SendAsync(new("eth_getBalance", account.ToLowerHex(), (block ?? BlockParameter.Latest).ToJson()), cancellationToken));

    /// <summary>The <c>eth_call</c> request, for batching.</summary>
    public static JsonRpcRequest CallRequest(TransactionRequest call, BlockParameter? block = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new("eth_call", call.ToJson(), (block ?? BlockParameter.Latest).ToJson());
    }

    /// <summary><c>eth_call</c>: runs the call against the state at <paramref name="block"/> and returns its return data.</summary>
    /// <exception cref="RevertException">The call reverted; <see cref="RevertException.RevertData"/> has the reason.</exception>
    public static async Task<byte[]> CallAsync(this JsonRpcClient rpc, TransactionRequest call, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Bytes(await rpc.SendAsync(CallRequest(call, block), cancellationToken));

    /// <summary>Calls a typed contract function and decodes its outputs.</summary>
    /// <exception cref="RevertException">The call reverted.</exception>
    /// <exception cref="AbiException">The return data does not decode as the function's outputs.</exception>
    public static async Task<object?[]> CallAsync(
        this JsonRpcClient rpc,
        Address contract,
        AbiFunction function,
        IReadOnlyList<object?> arguments,
        BlockParameter? block = null,
        Address? from = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        var data = await rpc.CallAsync(new TransactionRequest(contract, function.Encode([.. arguments]), from), block, cancellationToken);
        return function.Decode(data);
    }

    /// <summary><c>eth_estimateGas</c>.</summary>
    /// <exception cref="RevertException">The transaction would revert.</exception>
    public static async Task<BigInteger> EstimateGasAsync(this JsonRpcClient rpc, TransactionRequest transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return Quantity(await rpc.SendAsync(new("eth_estimateGas", transaction.ToJson()), cancellationToken));
    }

    /// <summary><c>eth_sendTransaction</c> from an account the node holds (anvil's dev accounts). Returns the tx hash.</summary>
    public static async Task<string> SendTransactionAsync(this JsonRpcClient rpc, TransactionRequest transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return (await rpc.SendAsync(new("eth_sendTransaction", transaction.ToJson()), cancellationToken)).GetString()!;
    }

    /// <summary><c>eth_getTransactionReceipt</c>: the receipt, or null while the transaction is not mined.</summary>
    public static async Task<TransactionReceipt?> GetTransactionReceiptAsync(this JsonRpcClient rpc, string transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await rpc.SendAsync(new("eth_getTransactionReceipt", transactionHash), cancellationToken);
        return result.ValueKind == JsonValueKind.Object ? TransactionReceipt.FromJson(result) : null;
    }

    /// <summary><c>eth_getTransactionByHash</c>: the transaction, or null when the node does not know the hash (yet).</summary>
    public static async Task<EthTransaction?> GetTransactionByHashAsync(this JsonRpcClient rpc, string transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await rpc.SendAsync(new("eth_getTransactionByHash", transactionHash), cancellationToken);
        return result.ValueKind == JsonValueKind.Object ? EthTransaction.FromJson(transactionHash, result) : null;
    }

    /// <summary><c>eth_getTransactionCount</c>: how many transactions <paramref name="account"/> has sent as of <paramref name="block"/> (latest by default), i.e. its next nonce.</summary>
    public static async Task<BigInteger> GetTransactionCountAsync(this JsonRpcClient rpc, Address account, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Quantity(await rpc.SendAsync(new("eth_getTransactionCount", account.ToLowerHex(), (block ?? BlockParameter.Latest).ToJson()), cancellationToken));

    /// <summary>Polls for the receipt until it is there.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the transaction was mined.</exception>
    public static async Task<TransactionReceipt> WaitForReceiptAsync(
        this JsonRpcClient rpc, string transactionHash, TimeSpan? pollInterval = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var receipt = await rpc.GetTransactionReceiptAsync(transactionHash, cancellationToken);
            if (receipt is not null)
            {
                return receipt;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), time ?? TimeProvider.System, cancellationToken);
        }
    }

    /// <summary><c>eth_getCode</c>: the runtime bytecode at an address (empty for accounts).</summary>
    public static async Task<byte[]> GetCodeAsync(this JsonRpcClient rpc, Address address, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Bytes(await rpc.SendAsync(new("eth_getCode", address.ToLowerHex(), (block ?? BlockParameter.Latest).ToJson()), cancellationToken));

    /// <summary><c>eth_getStorageAt</c>: the 32-byte word in a storage slot.</summary>
    public static async Task<byte[]> GetStorageAtAsync(this JsonRpcClient rpc, Address address, BigInteger slot, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Bytes(await rpc.SendAsync(new("eth_getStorageAt", address.ToLowerHex(), Hex.FromBigInteger(slot), (block ?? BlockParameter.Latest).ToJson()), cancellationToken));

    /// <summary>
    /// <c>eth_getLogs</c>: the logs <paramref name="filter"/> selects, in (block, log index) order. Providers refuse ranges
    /// that are too long or answers that are too large with an error (not a partial answer): callers shrink the range.
    /// </summary>
    /// <exception cref="JsonRpcException">The node refused the filter (range too large, too many results, unknown block hash).</exception>
    public static async Task<IReadOnlyList<ChainLog>> GetLogsAsync(this JsonRpcClient rpc, LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(filter);
        var result = await rpc.SendAsync(new("eth_getLogs", filter.ToJson()), cancellationToken).ConfigureAwait(false);
        return result.EnumerateArray().Select(ChainLog.FromJson).OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex).ToArray();
    }

    /// <summary>Reads a JSON-RPC quantity.</summary>
    public static BigInteger Quantity(JsonElement value) => Hex.ToBigInteger(value.GetString() ?? "0x0");

    /// <summary>Reads JSON-RPC data (hex bytes).</summary>
    public static byte[] Bytes(JsonElement value) => Hex.Decode(value.GetString() ?? "0x");

    /// <summary>A JSON string node.</summary>
    public static JsonNode Json(string value) => JsonValue.Create(value);
}
