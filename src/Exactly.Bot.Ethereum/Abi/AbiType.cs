using System.Globalization;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>The kind of a Solidity ABI type.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are the Solidity type names.")]
public enum AbiKind
{
    /// <summary><c>uintN</c>, N in 8…256 by 8.</summary>
    UInt,
    /// <summary><c>intN</c> (two's complement), N in 8…256 by 8.</summary>
    Int,
    /// <summary><c>address</c> (20 bytes).</summary>
    Address,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>bytesN</c>, N in 1…32.</summary>
    FixedBytes,
    /// <summary>Dynamic <c>bytes</c>.</summary>
    Bytes,
    /// <summary>Dynamic UTF-8 <c>string</c>.</summary>
    String,
    /// <summary><c>T[k]</c>: fixed-length array.</summary>
    FixedArray,
    /// <summary><c>T[]</c>: dynamic array.</summary>
    Array,
    /// <summary><c>(T1,T2,…)</c>: tuple (a Solidity struct).</summary>
    Tuple,
}

/// <summary>
/// A Solidity ABI type (Solidity ABI specification, "Types"), parsed from its canonical text such as
/// <c>uint256</c>, <c>bytes32</c>, <c>(address,uint256)[]</c>. Values: <see cref="System.Numerics.BigInteger"/> for integers,
/// <see cref="Ethereum.Address"/>, <see cref="bool"/>, <c>byte[]</c> for <c>bytes</c>/<c>bytesN</c>, <see cref="string"/>,
/// and <c>object?[]</c> for arrays and tuples.
/// </summary>
public sealed record AbiType
{
    private AbiType(AbiKind kind, int size, AbiType? element, IReadOnlyList<AbiType>? components, string canonical)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components ?? [];
        Canonical = canonical;
    }

    private global::Nethereum.ABI.ABIType? nethereum;

    /// <summary>What kind of type this is.</summary>
    public AbiKind Kind { get; }

    /// <summary>Bits for integers, bytes for <c>bytesN</c>, length for fixed arrays; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element type of an array; null otherwise.</summary>
    public AbiType? Element { get; }

    /// <summary>The component types of a tuple; empty otherwise.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>The canonical text used in signatures, e.g. <c>(uint256,address)[]</c>.</summary>
    public string Canonical { get; }

    /// <summary>True when the encoding has a variable length (bytes, string, T[], or anything containing one).</summary>
    public bool IsDynamic => Kind switch
    {
        AbiKind.Bytes or AbiKind.String or AbiKind.Array => true,
        AbiKind.FixedArray => Element!.IsDynamic,
        AbiKind.Tuple => Components.Any(c => c.IsDynamic),
        _ => false,
    };

    /// <summary>Bytes this type takes in the head of an enclosing tuple: 32 for dynamic types, else its whole static size.</summary>
    public int HeadSize => IsDynamic ? 32 : Kind switch
    {
        AbiKind.FixedArray => Size * Element!.HeadSize,
        AbiKind.Tuple => Components.Sum(c => c.HeadSize),
        _ => 32,
    };

    /// <summary>The same type as Nethereum.ABI's encoder takes it, built on first use.</summary>
    internal global::Nethereum.ABI.ABIType Nethereum => nethereum ??= NethereumAbi.TypeOf(this);

    /// <summary>Shorthands.</summary>
    public static AbiType UInt256 { get; } = Parse("uint256");

    /// <summary><c>address</c>.</summary>
    public static AbiType AddressType { get; } = Parse("address");

    /// <summary>A tuple of the given components.</summary>
    public static AbiType Tuple(IReadOnlyList<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return new(AbiKind.Tuple, 0, null, components, "(" + string.Join(',', components.Select(c => c.Canonical)) + ")");
    }

    /// <summary>Parses a type. Aliases <c>uint</c>/<c>int</c> become 256 bits; a component may carry a name (<c>address market</c>).</summary>
    /// <exception cref="FormatException">The text is not a valid ABI type.</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("An empty string is not an ABI type.");
        }

        var nameStart = TopLevelSpace(text);
        if (nameStart > 0)
        {
            // "address market", "(address,uint256) pool" or "uint256 indexed value": the type comes first.
            return Parse(text[..nameStart]);
        }

        if (text.EndsWith(']'))
        {
            var open = text.LastIndexOf('[');
            if (open < 0)
            {
                throw new FormatException($"'{text}': unbalanced brackets.");
            }

            var element = Parse(text[..open]);
            var length = text[(open + 1)..^1];
            if (length.Length == 0)
            {
                return new(AbiKind.Array, 0, element, null, element.Canonical + "[]");
            }

            if (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k <= 0)
            {
                throw new FormatException($"'{text}': '{length}' is not a valid array length.");
            }

            return new(AbiKind.FixedArray, k, element, null, $"{element.Canonical}[{k}]");
        }

        if (text.StartsWith('('))
        {
            if (!text.EndsWith(')'))
            {
                throw new FormatException($"'{text}': a tuple ends with ')'.");
            }

            return Tuple(SplitList(text[1..^1]).Select(Parse).ToArray());
        }

        return text switch
        {
            "address" => new(AbiKind.Address, 0, null, null, "address"),
            "bool" => new(AbiKind.Bool, 0, null, null, "bool"),
            "string" => new(AbiKind.String, 0, null, null, "string"),
            "bytes" => new(AbiKind.Bytes, 0, null, null, "bytes"),
            "uint" => new(AbiKind.UInt, 256, null, null, "uint256"),
            "int" => new(AbiKind.Int, 256, null, null, "int256"),
            _ when text.StartsWith("uint", StringComparison.Ordinal) => Sized(AbiKind.UInt, text, 4, 8, 256, 8),
            _ when text.StartsWith("int", StringComparison.Ordinal) => Sized(AbiKind.Int, text, 3, 8, 256, 8),
            _ when text.StartsWith("bytes", StringComparison.Ordinal) => Sized(AbiKind.FixedBytes, text, 5, 1, 32, 1),
            _ => throw new FormatException($"'{text}' is not an ABI type."),
        };
    }

    /// <summary>Splits a comma-separated list at depth zero (commas inside nested parentheses stay).</summary>
    internal static List<string> SplitList(string text)
    {
        var parts = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return parts;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        if (depth != 0)
        {
            throw new FormatException($"'{text}': unbalanced parentheses.");
        }

        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>The index of the first space outside parentheses and brackets, or -1: where a type ends and its name begins.</summary>
    internal static int TopLevelSpace(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case ' ' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    private static AbiType Sized(AbiKind kind, string text, int prefix, int min, int max, int step)
    {
        if (!int.TryParse(text.AsSpan(prefix), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || size < min || size > max || size % step != 0)
        {
            throw new FormatException($"'{text}' is not an ABI type.");
        }

        return new(kind, size, null, null, text);
    }

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <inheritdoc />
    public bool Equals(AbiType? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);
}
