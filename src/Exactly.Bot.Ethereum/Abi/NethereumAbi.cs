using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// The bridge to Nethereum.ABI: our <see cref="AbiType"/> as Nethereum's type tree (tuple components set on each
/// <c>tuple</c>), and our values (<see cref="Address"/>, integers, byte spans, lists, C# tuples) as the ones it encodes.
/// </summary>
internal static class NethereumAbi
{
    private static readonly ParametersEncoder Encoder = new();

    /// <summary>Encodes the tuple <paramref name="types"/> with Nethereum.</summary>
    /// <exception cref="AbiException">A value does not fit its type.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        var converted = Values(types, values);
        try
        {
            return Encoder.EncodeAbiTypes(types.Select(t => t.Nethereum).ToArray(), converted);
        }
        catch (Exception e) when (e is not AbiException and not OutOfMemoryException)
        {
            // Nethereum throws bare Exception, ArgumentOutOfRangeException or AbiEncodingException for a value that does not fit.
            throw new AbiException(e.InnerException?.Message ?? e.Message, e);
        }
    }

    /// <summary>Nethereum's type for ours, built once per <see cref="AbiType"/> (it is immutable once its components are set).</summary>
    public static ABIType TypeOf(AbiType type)
    {
        var nethereum = ABIType.CreateABIType(Name(type));
        SetComponents(nethereum, type);
        return nethereum;
    }

    // Nethereum names every tuple "tuple" and takes its components separately: (address,uint256)[2] is "tuple[2]".
    private static string Name(AbiType type) => type.Kind switch
    {
        AbiKind.Tuple => "tuple",
        AbiKind.Array => Name(type.Element!) + "[]",
        AbiKind.FixedArray => $"{Name(type.Element!)}[{type.Size}]",
        _ => type.Canonical,
    };

    private static void SetComponents(ABIType nethereum, AbiType type)
    {
        switch (nethereum)
        {
            case TupleType tuple:
                tuple.SetComponents(type.Components.Select((component, i) =>
                {
                    var parameter = new Parameter(Name(component), i + 1);
                    SetComponents(parameter.ABIType, component);
                    return parameter;
                }).ToArray());
                break;
            case ArrayType array:
                SetComponents(array.ElementType, type.Element!);
                break;
        }
    }

    private static object[] Values(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        // Nethereum encodes fewer values than types without complaint; a missing argument is a bug of the caller.
        if (types.Count != values.Count)
        {
            throw new AbiException($"Expected {types.Count} values for ({string.Join(',', types)}), got {values.Count}.");
        }

        return types.Select((type, i) => Value(type, values[i])).ToArray();
    }

    /// <summary>One of our values as Nethereum encodes it (address as hex text, integers as BigInteger, lists as arrays).</summary>
    /// <exception cref="AbiException">The CLR type does not fit, or a <c>bytesN</c> has the wrong length.</exception>
    public static object Value(AbiType type, object? value) => type.Kind switch
    {
        AbiKind.UInt or AbiKind.Int => value switch
        {
            BigInteger or int or long or uint or ulong or short or ushort or byte or sbyte => value,
            _ => throw Mismatch(type, value),
        },
        AbiKind.Address => value switch
        {
            Address address => address.ToLowerHex(),
            string text => Address.Parse(text).ToLowerHex(),
            _ => throw Mismatch(type, value),
        },
        AbiKind.Bool => value as bool? ?? throw Mismatch(type, value),
        AbiKind.String => value as string ?? throw Mismatch(type, value),
        AbiKind.Bytes => Bytes(type, value),
        AbiKind.FixedBytes => Bytes(type, value) is var bytes && bytes.Length == type.Size
            ? bytes
            : throw new AbiException($"{type} takes exactly {type.Size} bytes, got {Bytes(type, value).Length}."),
        AbiKind.Tuple => Values(type.Components, List(type, value)),
        _ => List(type, value).Select(item => Value(type.Element!, item)).ToArray(),
    };

    private static byte[] Bytes(AbiType type, object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        string hex when hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.Decode(hex),
        _ => throw Mismatch(type, value),
    };

    private static List<object?> List(AbiType type, object? value) => value switch
    {
        IEnumerable enumerable and not string and not byte[] => enumerable.Cast<object?>().ToList(),
        ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToList(),
        _ => throw Mismatch(type, value),
    };

    private static AbiException Mismatch(AbiType type, object? value) =>
        new($"A {value?.GetType().Name ?? "null"} cannot be encoded as {type}.");
}
