using System.Numerics;
using System.Text;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>Solidity ABI decoding, strict about bounds: an offset or length outside the data is an error, not a guess.</summary>
public static class AbiDecoder
{
    /// <summary>Decodes <paramref name="data"/> as the tuple <paramref name="types"/> (how return data is encoded).</summary>
    /// <returns>One value per type: BigInteger, Address, bool, byte[], string, or object?[] for arrays and tuples.</returns>
    /// <exception cref="AbiException">The data is too short, an offset points outside it, or a value breaks its type.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return DecodeSequence(types, data, 0);
    }

    /// <summary>Decodes a single value encoded as a one-element tuple.</summary>
    public static object? Decode(AbiType type, ReadOnlySpan<byte> data) => Decode([type], data)[0];

    private static object?[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int start)
    {
        var values = new object?[types.Count];
        var head = start;
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                var offset = ReadLength(data, head);
                values[i] = DecodeValue(types[i], data, checked(start + offset));
            }
            else
            {
                values[i] = DecodeValue(types[i], data, head);
            }

            head += types[i].HeadSize;
        }

        return values;
    }

    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> data, int position)
    {
        switch (type.Kind)
        {
            case AbiKind.UInt:
            case AbiKind.Int:
                var word = Word(data, position);
                var value = new BigInteger(word, isUnsigned: type.Kind == AbiKind.UInt, isBigEndian: true);
                var (min, max) = Range(type);
                if (value < min || value > max)
                {
                    throw new AbiException($"0x{Convert.ToHexStringLower(word)} does not fit {type}.");
                }

                return value;
            case AbiKind.Address:
                var addressWord = Word(data, position);
                if (addressWord[..12].IndexOfAnyExcept((byte)0) >= 0)
                {
                    throw new AbiException("An address word has non-zero upper 12 bytes.");
                }

                return new Address(addressWord[12..]);
            case AbiKind.Bool:
                var boolWord = Word(data, position);
                if (boolWord[..31].IndexOfAnyExcept((byte)0) >= 0 || boolWord[31] > 1)
                {
                    throw new AbiException("A bool word is neither 0 nor 1.");
                }

                return boolWord[31] == 1;
            case AbiKind.FixedBytes:
                return Word(data, position)[..type.Size].ToArray();
            case AbiKind.Bytes:
                return Slice(data, position + 32, ReadLength(data, position)).ToArray();
            case AbiKind.String:
                return Encoding.UTF8.GetString(Slice(data, position + 32, ReadLength(data, position)));
            case AbiKind.FixedArray:
                return DecodeSequence(Enumerable.Repeat(type.Element!, type.Size).ToArray(), data, position);
            case AbiKind.Array:
                var count = ReadLength(data, position);
                // Each element takes at least one head word: a count larger than the data is forged, not a big array.
                if (count > (data.Length - position - 32) / Math.Max(type.Element!.HeadSize, 32) + 1 && count > 0)
                {
                    throw new AbiException($"An array claims {count} elements but the data is only {data.Length} bytes.");
                }

                return DecodeSequence(Enumerable.Repeat(type.Element!, count).ToArray(), data, position + 32);
            case AbiKind.Tuple:
                return DecodeSequence(type.Components, data, position);
            default:
                throw new AbiException($"Unsupported ABI type {type}.");
        }
    }

    private static (BigInteger Min, BigInteger Max) Range(AbiType type) => type.Kind == AbiKind.UInt
        ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
        : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> data, int position) => Slice(data, position, 32);

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, int position, int length)
    {
        if (position < 0 || length < 0 || position > data.Length - length)
        {
            throw new AbiException($"The data ends at byte {data.Length}; reading {length} bytes at {position} goes past it.");
        }

        return data.Slice(position, length);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int position)
    {
        var value = new BigInteger(Word(data, position), isUnsigned: true, isBigEndian: true);
        if (value > data.Length)
        {
            throw new AbiException($"An offset or length of {value} points outside {data.Length} bytes of data.");
        }

        return (int)value;
    }
}
