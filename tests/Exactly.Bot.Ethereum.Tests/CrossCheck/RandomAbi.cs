using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Tests.CrossCheck;

/// <summary>Seeded random ABI types and values (nested tuples, arrays, extremes, negative ints, multi-byte UTF-8).</summary>
public sealed class RandomAbi(int seed)
{
    private readonly Random random = new(seed);

    public Random Random => random;

    public AbiType Type(int depth = 0)
    {
        var roll = random.Next(depth >= 3 ? 8 : 12);
        return roll switch
        {
            0 or 1 => AbiType.Parse("uint" + (8 * random.Next(1, 33))),
            2 or 3 => AbiType.Parse("int" + (8 * random.Next(1, 33))),
            4 => AbiType.AddressType,
            5 => AbiType.Parse("bool"),
            6 => AbiType.Parse("bytes" + random.Next(1, 33)),
            7 => AbiType.Parse(random.Next(2) == 0 ? "bytes" : "string"),
            8 or 9 => AbiType.Parse(Type(depth + 1).Canonical + (random.Next(2) == 0 ? "[]" : $"[{random.Next(1, 4)}]")),
            _ => AbiType.Tuple(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Type(depth + 1)).ToArray()),
        };
    }

    public object? Value(AbiType type) => type.Kind switch
    {
        AbiKind.UInt => BigValue(BigInteger.Zero, (BigInteger.One << type.Size) - 1),
        AbiKind.Int => BigValue(-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1),
        AbiKind.Address => new Address(Bytes(20)),
        AbiKind.Bool => random.Next(2) == 0,
        AbiKind.FixedBytes => Bytes(type.Size),
        AbiKind.Bytes => Bytes(random.Next(0, 70)),
        AbiKind.String => Text(),
        AbiKind.FixedArray => Enumerable.Range(0, type.Size).Select(_ => Value(type.Element!)).ToArray(),
        AbiKind.Array => Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(type.Element!)).ToArray(),
        AbiKind.Tuple => type.Components.Select(Value).ToArray(),
        _ => throw new NotSupportedException(type.Canonical),
    };

    public BigInteger BigValue(BigInteger min, BigInteger max)
    {
        switch (random.Next(6))
        {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return random.Next(-2, 3) is var small && small >= min && small <= max ? small : min;
        }

        var span = max - min + 1;
        var bytes = new byte[span.GetByteCount(isUnsigned: true) + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        return min + (new BigInteger(bytes) % span);
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public string Text()
    {
        string[] pieces = ["a", "Z", "0", " ", "é", "€", "漢", "😀", "\n", "\"", "\\", "exactly"];
        var builder = new StringBuilder();
        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A value as JSON for the node script: integers as decimal strings, bytes as 0x hex, lists as arrays.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        BigInteger n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Address a => a.ToString(),
        bool b => b,
        byte[] bytes => Hex.Encode(bytes),
        string s => s,
        object?[] items => new JsonArray(items.Select(ToJson).ToArray()),
        _ => throw new NotSupportedException(value?.GetType().Name),
    };

    /// <summary>Structural equality of decoded values.</summary>
    public static bool DeepEqual(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(p => DeepEqual(p.First, p.Second)),
        _ => Equals(a, b),
    };
}
