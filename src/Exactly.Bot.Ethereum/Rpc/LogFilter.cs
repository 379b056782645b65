using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>
/// An <c>eth_getLogs</c> filter: either a block range (inclusive) or one block by hash (EIP-234), the emitting contracts, and
/// the accepted topic-0 values (any of them). Later topics are not filtered: the protocol's events index accounts there.
/// </summary>
/// <param name="Addresses">Contracts whose logs are wanted (at least one: an unfiltered range returns every ERC-20 transfer).</param>
/// <param name="Topic0">Accepted event topics; empty accepts every event of <paramref name="Addresses"/>.</param>
/// <param name="FromBlock">First block of the range (ignored with <paramref name="BlockHash"/>).</param>
/// <param name="ToBlock">Last block of the range, inclusive.</param>
/// <param name="BlockHash">One block by hash: every node answers for the same block or errors.</param>
public sealed record LogFilter(IReadOnlyList<Address> Addresses, IReadOnlyList<ReadOnlyMemory<byte>> Topic0, long FromBlock = 0, long ToBlock = 0, byte[]? BlockHash = null)
{
    /// <summary>The filter object JSON-RPC takes.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["address"] = new JsonArray(Addresses.Select(a => (JsonNode?)JsonValue.Create(a.ToLowerHex())).ToArray()),
            ["topics"] = new JsonArray(Topic0.Count == 0 ? null : new JsonArray(Topic0.Select(t => (JsonNode?)JsonValue.Create(Hex.Encode(t.Span))).ToArray())),
        };
        if (BlockHash is not null)
        {
            json["blockHash"] = Hex.Encode(BlockHash);
        }
        else
        {
            json["fromBlock"] = Hex.FromBigInteger(FromBlock);
            json["toBlock"] = Hex.FromBigInteger(ToBlock);
        }

        return json;
    }
}

/// <summary>
/// One log as <c>eth_getLogs</c> returns it: the event and where it sits in the chain. Logs are ordered by
/// (<see cref="BlockNumber"/>, <see cref="LogIndex"/>); <see cref="Removed"/> marks a log of a block that was reorged away.
/// </summary>
/// <param name="Log">Emitting contract, topics and data.</param>
/// <param name="BlockNumber">The block it was emitted in.</param>
/// <param name="BlockHash">That block's hash, 32 bytes.</param>
/// <param name="LogIndex">Its position among the block's logs.</param>
/// <param name="Removed">True when the node reports the log as removed by a reorg.</param>
public sealed record ChainLog(Log Log, long BlockNumber, byte[] BlockHash, int LogIndex, bool Removed)
{
    /// <summary>The transaction that emitted it, 0x hex; null when the source did not say.</summary>
    public string? TransactionHash { get; init; }

    /// <summary>Reads one element of an <c>eth_getLogs</c> answer.</summary>
    public static ChainLog FromJson(JsonElement json) => new(
        new Log(
            Address.Parse(json.GetProperty("address").GetString()!),
            json.GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!)).ToArray(),
            Hex.Decode(json.GetProperty("data").GetString()!)),
        checked((long)Quantity(json.GetProperty("blockNumber").GetString()!)),
        Hex.Decode(json.GetProperty("blockHash").GetString()!),
        checked((int)Quantity(json.GetProperty("logIndex").GetString()!)),
        json.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
    {
        TransactionHash = json.TryGetProperty("transactionHash", out var transaction) ? transaction.GetString() : null,
    };

    /// <summary>A 0x quantity of up to 64 bits without a BigInteger (1,000 logs a block, two quantities each).</summary>
    private static ulong Quantity(string quantity) =>
        quantity.Length is > 2 and <= 18 && quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(quantity.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : (ulong)Hex.ToBigInteger(quantity);
}
