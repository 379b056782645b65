using System.Text.Json;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>An event log: the emitting contract, its indexed topics and its ABI-encoded data.</summary>
public sealed record Log(Address Address, IReadOnlyList<byte[]> Topics, byte[] Data);

/// <summary>The result of <c>eth_getTransactionReceipt</c> for a mined transaction.</summary>
/// <param name="TransactionHash">The 32-byte hash, <c>0x…</c>.</param>
/// <param name="Succeeded">Status 1 (success) or 0 (reverted).</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="GasUsed">Gas units the transaction used.</param>
/// <param name="ContractAddress">The created contract, for deployments.</param>
/// <param name="Logs">Events emitted.</param>
public sealed record TransactionReceipt(
    string TransactionHash,
    bool Succeeded,
    long BlockNumber,
    long GasUsed,
    Address? ContractAddress,
    IReadOnlyList<Log> Logs)
{
    /// <summary>Reads a receipt from its JSON object.</summary>
    public static TransactionReceipt FromJson(JsonElement json)
    {
        var contract = json.TryGetProperty("contractAddress", out var c) && c.ValueKind == JsonValueKind.String
            ? Address.Parse(c.GetString()!)
            : (Address?)null;
        var logs = json.TryGetProperty("logs", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(log => new Log(
                Address.Parse(log.GetProperty("address").GetString()!),
                log.GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!)).ToArray(),
                Hex.Decode(log.GetProperty("data").GetString()!))).ToArray()
            : [];
        return new TransactionReceipt(
            json.GetProperty("transactionHash").GetString()!,
            Hex.ToBigInteger(json.GetProperty("status").GetString()!) == 1,
            (long)Hex.ToBigInteger(json.GetProperty("blockNumber").GetString()!),
            (long)Hex.ToBigInteger(json.GetProperty("gasUsed").GetString()!),
            contract,
            logs);
    }
}
