using System.Numerics;
using System.Text.Json;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>A transaction as the node knows it (<c>eth_getTransactionByHash</c>), mined or still pending.</summary>
/// <param name="Hash">The transaction hash (0x + 64 hex).</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient; null for a contract creation.</param>
/// <param name="Value">Wei sent along.</param>
/// <param name="Input">The calldata.</param>
/// <param name="Nonce">The sender's nonce it uses.</param>
/// <param name="BlockNumber">The block it was mined in; null while pending.</param>
public sealed record EthTransaction(string Hash, Address From, Address? To, BigInteger Value, byte[] Input, BigInteger Nonce, long? BlockNumber)
{
    /// <summary>Reads the node's JSON object.</summary>
    /// <exception cref="KeyNotFoundException">A required field (<c>from</c>, <c>input</c>, <c>nonce</c>) is missing.</exception>
    public static EthTransaction FromJson(string hash, JsonElement json)
    {
        var to = json.TryGetProperty("to", out var t) && t.ValueKind == JsonValueKind.String ? Address.Parse(t.GetString()!) : (Address?)null;
        var block = json.TryGetProperty("blockNumber", out var b) && b.ValueKind == JsonValueKind.String ? (long)EthMethods.Quantity(b) : (long?)null;
        var value = json.TryGetProperty("value", out var v) ? EthMethods.Quantity(v) : BigInteger.Zero;
        return new EthTransaction(
            hash, Address.Parse(json.GetProperty("from").GetString()!), to, value, EthMethods.Bytes(json.GetProperty("input")), EthMethods.Quantity(json.GetProperty("nonce")), block);
    }
}
