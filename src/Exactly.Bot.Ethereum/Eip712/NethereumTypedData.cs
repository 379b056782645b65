using System.Collections;
using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Nethereum.ABI.EIP712;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// Our typed data as Nethereum's <see cref="TypedDataRaw"/>, which Nethereum's <see cref="Eip712TypedDataEncoder"/> hashes:
/// each struct becomes its members' values in declaration order, checked here so an error names its path
/// (<c>Mail.from.wallet</c>) instead of surfacing as a cast failure inside Nethereum.
/// </summary>
internal static class NethereumTypedData
{
    /// <summary>
    /// The raw typed data for <paramref name="primaryType"/>. Its <c>EIP712Domain</c> type and values come from
    /// <paramref name="domain"/>; without one, the type is the one in <paramref name="types"/> (or empty) and holds no values.
    /// </summary>
    /// <exception cref="ArgumentException">A type is unknown, a member is missing, or a value does not fit its type.</exception>
    public static TypedDataRaw Raw(
        IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType, IReadOnlyDictionary<string, object?> message, Eip712Domain? domain)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(message);
        var all = types.Where(t => t.Key != TypedDataEncoder.DomainTypeName).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        all[TypedDataEncoder.DomainTypeName] = domain?.Fields ?? (types.TryGetValue(TypedDataEncoder.DomainTypeName, out var fields) ? fields : []);
        return new TypedDataRaw
        {
            Types = all.ToDictionary(t => t.Key, t => t.Value.Select(f => new MemberDescription { Name = f.Name, Type = f.Type }).ToArray(), StringComparer.Ordinal),
            PrimaryType = primaryType,
            Message = Struct(all, primaryType, message, primaryType),
            DomainRawValues = domain is null ? [] : Struct(all, TypedDataEncoder.DomainTypeName, domain.ToMessage(), "domain"),
        };
    }

    private static MemberValue[] Struct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, IReadOnlyDictionary<string, object?> data, string path)
    {
        if (!types.TryGetValue(type, out var fields))
        {
            throw new ArgumentException($"The type '{type}' is not defined.", nameof(type));
        }

        return fields.Select(field => data.TryGetValue(field.Name, out var value)
                ? new MemberValue { TypeName = field.Type, Value = Value(types, field.Type, value, $"{path}.{field.Name}") }
                : throw new ArgumentException($"{path}.{field.Name} is missing from the message.", nameof(data)))
            .ToArray();
    }

    private static object Value(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, object? value, string path)
    {
        if (types.ContainsKey(type))
        {
            return Struct(types, type, AsStruct(value, path), path);
        }

        if (ArrayOf(type) is var (element, length))
        {
            var items = AsList(value, path);
            return length >= 0 && items.Count != length
                ? throw new ArgumentException($"{path} is a {type}: expected {length} elements, got {items.Count}.")
                : items.Select((item, i) => Value(types, element, item, $"{path}[{i}]")).ToList();
        }

        return type switch
        {
            "string" => value as string ?? throw new ArgumentException($"{path} must be a string."),
            "bytes" => value switch
            {
                byte[] bytes => bytes,
                string hex => Hex.Decode(hex),
                _ => throw new ArgumentException($"{path} must be bytes (byte[] or 0x text)."),
            },
            _ => Atomic(type, value, path),
        };
    }

    private static object Atomic(string type, object? value, string path)
    {
        AbiType abiType;
        try
        {
            abiType = AbiType.Parse(type);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{path}: '{type}' is neither a struct type nor an atomic type.", e);
        }

        try
        {
            return NethereumAbi.Value(abiType, ToInteger(abiType, value, path));
        }
        catch (Exception e) when (e is AbiException or FormatException)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Converts a struct value given as any string-keyed dictionary.</summary>
    private static IReadOnlyDictionary<string, object?> AsStruct(object? value, string path) => value switch
    {
        IReadOnlyDictionary<string, object?> dictionary => dictionary,
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        _ => throw new ArgumentException($"{path} must be a struct (a string-keyed dictionary), not {value?.GetType().Name ?? "null"}."),
    };

    /// <summary>Decimal or 0x text for an integer type becomes the integer; other values pass as they are.</summary>
    private static object? ToInteger(AbiType type, object? value, string path) => (type.Kind, value) switch
    {
        (AbiKind.UInt or AbiKind.Int, string text) when text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.ToBigInteger(text),
        (AbiKind.UInt or AbiKind.Int, string text) => BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{path}: '{text}' is not an integer."),
        _ => value,
    };

    private static List<object?> AsList(object? value, string path) => value switch
    {
        IEnumerable items and not string and not byte[] => items.Cast<object?>().ToList(),
        _ => throw new ArgumentException($"{path} must be a list, not {value?.GetType().Name ?? "null"}."),
    };

    /// <summary>Splits <c>T[]</c>/<c>T[k]</c> into the element type and the length (-1 when dynamic); null when not an array.</summary>
    internal static (string Element, int Length)? ArrayOf(string type)
    {
        if (!type.EndsWith(']'))
        {
            return null;
        }

        var open = type.LastIndexOf('[');
        var length = type[(open + 1)..^1];
        return (type[..open], length.Length == 0 ? -1 : int.Parse(length, CultureInfo.InvariantCulture));
    }
}
