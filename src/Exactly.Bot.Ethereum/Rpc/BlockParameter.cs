using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>Which block a read is made at: a tag (<c>latest</c>, <c>pending</c>, <c>safe</c>, <c>finalized</c>) or a number.</summary>
public readonly record struct BlockParameter
{
    private BlockParameter(string value) => Value = value;

    /// <summary>The JSON-RPC form: a tag or a hex quantity.</summary>
    public string Value { get; }

    /// <summary>The newest block the node has.</summary>
    public static BlockParameter Latest { get; } = new("latest");

    /// <summary>The pending block.</summary>
    public static BlockParameter Pending { get; } = new("pending");

    /// <summary>The newest block the sequencer/consensus marks safe.</summary>
    public static BlockParameter Safe { get; } = new("safe");

    /// <summary>The newest finalized block.</summary>
    public static BlockParameter Finalized { get; } = new("finalized");

    /// <summary>
    /// A block by hash (EIP-1898 <c>{"blockHash", "requireCanonical": true}</c>): pins reads to one block even when a
    /// load-balanced provider's nodes disagree on heights. The node errors if it does not know the block.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    public static BlockParameter Hash(ReadOnlySpan<byte> blockHash) => blockHash.Length == 32
        ? new(Ethereum.Hex.Encode(blockHash))
        : throw new ArgumentException($"A block hash is 32 bytes; got {blockHash.Length}.", nameof(blockHash));

    /// <summary>A specific block number: pins a set of reads to one state.</summary>
    public static BlockParameter Number(long number) => new(Hex.FromBigInteger(number));

    /// <summary>True for a block given by hash (<see cref="Hash"/>).</summary>
    public bool IsHash => Value is { Length: 66 };

    /// <summary>The parameter as a JSON node.</summary>
    public JsonNode ToJson() => IsHash
        ? new JsonObject { ["blockHash"] = Value, ["requireCanonical"] = true }
        : JsonValue.Create(Value ?? "latest");

    /// <inheritdoc />
    public override string ToString() => Value ?? "latest";
}
