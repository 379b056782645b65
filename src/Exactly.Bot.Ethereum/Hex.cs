using System.Globalization;

namespace Exactly.Bot.Ethereum;

/// <summary>Hexadecimal text as JSON-RPC uses it: <c>0x</c>-prefixed, lower case, two digits per byte.</summary>
public static class Hex
{
    /// <summary>Encodes bytes as <c>0x…</c> (lower case). An empty span gives <c>"0x"</c>.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true) =>
        (prefix ? "0x" : string.Empty) + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex text, with or without <c>0x</c>; an odd digit count is left-padded with one zero.</summary>
    /// <exception cref="FormatException">The text holds a character that is not a hex digit.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length % 2 == 1)
        {
            return Convert.FromHexString(string.Concat("0", digits));
        }

        return Convert.FromHexString(digits);
    }

    /// <summary>Parses a JSON-RPC quantity (<c>0x1a</c>, no leading zeros required) as a non-negative integer.</summary>
    /// <exception cref="FormatException">The text is not a <c>0x</c>-prefixed hex quantity.</exception>
    public static System.Numerics.BigInteger ToBigInteger(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (!quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || quantity.Length < 3)
        {
            throw new FormatException($"'{quantity}' is not a 0x-prefixed hex quantity.");
        }

        return System.Numerics.BigInteger.Parse("0" + quantity[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a non-negative integer as a JSON-RPC quantity (<c>0x0</c>, <c>0x1a</c>: no leading zeros).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static string FromBigInteger(System.Numerics.BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }

        return "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }
}
