using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>
/// The identity of one block: what a set of reads is pinned to (EIP-1898 by hash) and the time it was sealed.
/// </summary>
/// <param name="Number">Block number.</param>
/// <param name="Hash">Block hash, 32 bytes.</param>
/// <param name="ParentHash">The parent's hash, 32 bytes (a mismatch with the previous block's hash is a reorg).</param>
/// <param name="Timestamp">Unix seconds (<c>block.timestamp</c>).</param>
public sealed record BlockHeader(long Number, byte[] Hash, byte[] ParentHash, long Timestamp)
{
    /// <summary>Reads pinned to this block by hash: every node of a load-balanced provider answers for the same state.</summary>
    public BlockParameter Pin => BlockParameter.Hash(Hash);

    /// <summary>The hash as 0x-prefixed lowercase hex.</summary>
    public string HashHex => Hex.Encode(Hash);

    /// <summary>
    /// <c>eth_getBlockByNumber(block, false)</c>: the header of <paramref name="block"/> (default <c>latest</c>); a block given
    /// by hash (<see cref="BlockParameter.Hash"/>) is read with <c>eth_getBlockByHash</c>, which takes the bare hash.
    /// </summary>
    /// <exception cref="RpcException">The node does not know the block or could not answer.</exception>
    public static async Task<BlockHeader> ReadAsync(JsonRpcClient rpc, BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var at = block ?? BlockParameter.Latest;
        var json = at.IsHash
            ? await rpc.RequestAsync("eth_getBlockByHash", [JsonValue.Create(at.Value), JsonValue.Create(false)], cancellationToken).ConfigureAwait(false)
            : await rpc.RequestAsync("eth_getBlockByNumber", [at.ToJson(), JsonValue.Create(false)], cancellationToken).ConfigureAwait(false);
        if (json.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw new RpcException($"The node does not know block {block ?? BlockParameter.Latest}.");
        }

        return new BlockHeader(
            (long)EthMethods.Quantity(json.GetProperty("number")),
            EthMethods.Bytes(json.GetProperty("hash")),
            EthMethods.Bytes(json.GetProperty("parentHash")),
            (long)EthMethods.Quantity(json.GetProperty("timestamp")));
    }
}
