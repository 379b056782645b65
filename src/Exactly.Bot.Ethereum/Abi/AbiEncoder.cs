using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>Solidity ABI encoding (specification "Formal Specification of the Encoding"). Pure: no I/O.</summary>
public static class AbiEncoder
{
    /// <summary>Encodes <paramref name="values"/> as the tuple <paramref name="types"/> (how call arguments are encoded).</summary>
    /// <exception cref="AbiException">A value does not fit its type (wrong CLR type, out of range, wrong length).</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        using var output = new MemoryStream();
        EncodeSequence(types, values, output);
        return output.ToArray();
    }

    /// <summary>Encodes one value of one type, as a one-element tuple.</summary>
    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value]);

    private static void EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, MemoryStream output)
    {
        if (types.Count != values.Count)
        {
            throw new AbiException($"Expected {types.Count} values for ({string.Join(',', types)}), got {values.Count}.");
        }

        var headSize = types.Sum(t => t.HeadSize);
        var tails = new List<byte[]>();
        var tailOffset = headSize;
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                WriteWord(output, new BigInteger(tailOffset));
                using var tail = new MemoryStream();
                EncodeValue(types[i], values[i], tail);
                var bytes = tail.ToArray();
                tails.Add(bytes);
                tailOffset += bytes.Length;
            }
            else
            {
                EncodeValue(types[i], values[i], output);
            }
        }

        foreach (var tail in tails)
        {
            output.Write(tail);
        }
    }

    private static void EncodeValue(AbiType type, object? value, MemoryStream output)
    {
        switch (type.Kind)
        {
            case AbiKind.UInt:
            case AbiKind.Int:
                WriteWord(output, CheckRange(type, ToBigInteger(type, value)));
                break;
            case AbiKind.Address:
                output.Write(new byte[12]);
                output.Write(ToAddress(value).Bytes);
                break;
            case AbiKind.Bool:
                WriteWord(output, value is bool b ? (b ? BigInteger.One : BigInteger.Zero) : throw Mismatch(type, value));
                break;
            case AbiKind.FixedBytes:
                var fixedBytes = ToBytes(type, value);
                if (fixedBytes.Length != type.Size)
                {
                    throw new AbiException($"{type} takes exactly {type.Size} bytes, got {fixedBytes.Length}.");
                }

                WritePadded(output, fixedBytes);
                break;
            case AbiKind.Bytes:
                var bytes = ToBytes(type, value);
                WriteWord(output, bytes.Length);
                WritePadded(output, bytes);
                break;
            case AbiKind.String:
                var utf8 = Encoding.UTF8.GetBytes(value as string ?? throw Mismatch(type, value));
                WriteWord(output, utf8.Length);
                WritePadded(output, utf8);
                break;
            case AbiKind.FixedArray:
                var fixedItems = ToList(type, value);
                if (fixedItems.Count != type.Size)
                {
                    throw new AbiException($"{type} takes exactly {type.Size} elements, got {fixedItems.Count}.");
                }

                EncodeSequence(Enumerable.Repeat(type.Element!, type.Size).ToArray(), fixedItems, output);
                break;
            case AbiKind.Array:
                var items = ToList(type, value);
                WriteWord(output, items.Count);
                EncodeSequence(Enumerable.Repeat(type.Element!, items.Count).ToArray(), items, output);
                break;
            case AbiKind.Tuple:
                EncodeSequence(type.Components, ToList(type, value), output);
                break;
            default:
                throw new AbiException($"Unsupported ABI type {type}.");
        }
    }

    /// <summary>Writes a 32-byte big-endian two's complement word.</summary>
    internal static void WriteWord(Stream output, BigInteger value)
    {
        Span<byte> word = stackalloc byte[32];
        word.Fill(value.Sign < 0 ? (byte)0xFF : (byte)0);
        var length = value.GetByteCount(isUnsigned: value.Sign >= 0);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: value.Sign >= 0, isBigEndian: true);
        output.Write(word);
    }

    private static void WritePadded(Stream output, byte[] bytes)
    {
        output.Write(bytes);
        var padding = (32 - (bytes.Length % 32)) % 32;
        output.Write(new byte[padding]);
    }

    private static BigInteger CheckRange(AbiType type, BigInteger value)
    {
        var (min, max) = Range(type);
        if (value < min || value > max)
        {
            throw new AbiException($"{value} does not fit {type} (range {min} to {max}).");
        }

        return value;
    }

    /// <summary>The inclusive range of an integer type.</summary>
    internal static (BigInteger Min, BigInteger Max) Range(AbiType type) => type.Kind == AbiKind.UInt
        ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
        : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);

    private static BigInteger ToBigInteger(AbiType type, object? value) => value switch
    {
        BigInteger big => big,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte by => by,
        sbyte sb => sb,
        _ => throw Mismatch(type, value),
    };

    private static Address ToAddress(object? value) => value switch
    {
        Address address => address,
        string text => Address.Parse(text),
        _ => throw Mismatch(AbiType.AddressType, value),
    };

    private static byte[] ToBytes(AbiType type, object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        string hex when hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.Decode(hex),
        _ => throw Mismatch(type, value),
    };

    private static List<object?> ToList(AbiType type, object? value) => value switch
    {
        IEnumerable enumerable and not string and not byte[] => enumerable.Cast<object?>().ToList(),
        ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToList(),
        _ => throw Mismatch(type, value),
    };

    private static AbiException Mismatch(AbiType type, object? value) =>
        new($"A {value?.GetType().Name ?? "null"} cannot be encoded as {type}.");
}
