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

    /// <summary>A specific block number: pins a set of reads to one state.</summary>
    public static BlockParameter Number(long number) => new(Hex.FromBigInteger(number));

    /// <summary>The parameter as a JSON node.</summary>
    public JsonNode ToJson() => JsonValue.Create(Value ?? "latest");

    /// <inheritdoc />
    public override string ToString() => Value ?? "latest";
}
