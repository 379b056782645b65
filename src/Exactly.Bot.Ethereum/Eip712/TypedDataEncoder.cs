using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>EIP-712 encoding as pure functions: <c>encodeType</c>, <c>typeHash</c>, <c>encodeData</c>, <c>hashStruct</c>, digest.</summary>
public static class TypedDataEncoder
{
    /// <summary>The reserved name of the domain type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    /// <summary>
    /// <c>encodeType</c>: <c>Primary(type name,…)</c> followed by every struct type it references (directly or not), those sorted
    /// by name, e.g. <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The primary type is not in <paramref name="types"/>.</exception>
    public static string EncodeType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
    {
        ArgumentNullException.ThrowIfNull(types);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        CollectReferences(types, primaryType, referenced);
        referenced.Remove(primaryType);
        var builder = new StringBuilder();
        foreach (var name in referenced.Prepend(primaryType))
        {
            builder.Append(name).Append('(').AppendJoin(',', types[name].Select(f => $"{f.Type} {f.Name}")).Append(')');
        }

        return builder.ToString();
    }

    /// <summary><c>typeHash = keccak256(encodeType(type))</c>.</summary>
    public static byte[] TypeHash(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType) =>
        Keccak256.Hash(EncodeType(types, primaryType));

    /// <summary><c>hashStruct(s) = keccak256(typeHash ‖ encodeData(s))</c>.</summary>
    /// <exception cref="ArgumentException">A type is unknown, a member is missing, or a value does not fit its type.</exception>
    public static byte[] HashStruct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType, IReadOnlyDictionary<string, object?> data) =>
        Keccak256.Hash(EncodeData(types, primaryType, data));

    /// <summary><c>typeHash ‖ encodeData(s)</c>: one 32-byte word per member.</summary>
    /// <exception cref="ArgumentException">A type is unknown, a member is missing, or a value does not fit its type.</exception>
    public static byte[] EncodeData(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType, IReadOnlyDictionary<string, object?> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(data);
        if (!types.TryGetValue(primaryType, out var fields))
        {
            throw new ArgumentException($"The type '{primaryType}' is not defined.", nameof(primaryType));
        }

        using var output = new MemoryStream(32 * (fields.Count + 1));
        output.Write(TypeHash(types, primaryType));
        foreach (var field in fields)
        {
            if (!data.TryGetValue(field.Name, out var value))
            {
                throw new ArgumentException($"{primaryType}.{field.Name} is missing from the message.", nameof(data));
            }

            output.Write(EncodeField(types, field.Type, value, $"{primaryType}.{field.Name}"));
        }

        return output.ToArray();
    }

    /// <summary>The signed digest: <c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))</c>.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> messageHash) =>
        Keccak256.Hash([0x19, 0x01, .. domainSeparator, .. messageHash]);

    /// <summary>Converts a struct value given as any string-keyed dictionary.</summary>
    internal static IReadOnlyDictionary<string, object?> AsStruct(object? value, string path) => value switch
    {
        IReadOnlyDictionary<string, object?> dictionary => dictionary,
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        _ => throw new ArgumentException($"{path} must be a struct (a string-keyed dictionary), not {value?.GetType().Name ?? "null"}."),
    };

    /// <summary>Converts an atomic value to what the ABI encoder takes (decimal or 0x strings become integers).</summary>
    internal static object? Atomic(AbiType type, object? value, string path) => (type.Kind, value) switch
    {
        (AbiKind.UInt or AbiKind.Int, string text) when text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.ToBigInteger(text),
        (AbiKind.UInt or AbiKind.Int, string text) => BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{path}: '{text}' is not an integer."),
        _ => value,
    };

    internal static List<object?> AsList(object? value, string path) => value switch
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

    private static byte[] EncodeField(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, object? value, string path)
    {
        if (types.ContainsKey(type))
        {
            return HashStruct(types, type, AsStruct(value, path));
        }

        if (ArrayOf(type) is var (element, length))
        {
            var items = AsList(value, path);
            if (length >= 0 && items.Count != length)
            {
                throw new ArgumentException($"{path} is a {type}: expected {length} elements, got {items.Count}.");
            }

            using var concatenated = new MemoryStream(32 * items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                concatenated.Write(EncodeField(types, element, items[i], $"{path}[{i}]"));
            }

            return Keccak256.Hash(concatenated.ToArray());
        }

        switch (type)
        {
            case "string":
                return Keccak256.Hash(value as string ?? throw new ArgumentException($"{path} must be a string."));
            case "bytes":
                return Keccak256.Hash(value switch
                {
                    byte[] bytes => bytes,
                    string hex => Hex.Decode(hex),
                    _ => throw new ArgumentException($"{path} must be bytes (byte[] or 0x text)."),
                });
        }

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
            return AbiEncoder.Encode(abiType, Atomic(abiType, value, path));
        }
        catch (Exception e) when (e is AbiException or FormatException)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
    }

    private static void CollectReferences(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, ISet<string> found)
    {
        while (ArrayOf(type) is var (element, _))
        {
            type = element;
        }

        if (!types.TryGetValue(type, out var fields) || !found.Add(type))
        {
            if (found.Count == 0)
            {
                throw new ArgumentException($"The type '{type}' is not defined.", nameof(type));
            }

            return;
        }

        foreach (var field in fields)
        {
            CollectReferences(types, field.Type, found);
        }
    }
}
