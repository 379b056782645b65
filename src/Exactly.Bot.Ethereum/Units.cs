using System.Globalization;
using System.Numerics;

namespace Exactly.Bot.Ethereum;

/// <summary>Decimal text ↔ integer base units (viem's <c>parseUnits</c>/<c>formatUnits</c>). Exact: no floating point.</summary>
public static class Units
{
    /// <summary>1e18, the fixed-point scale of WAD numbers (ratios, health factors, prices in the Auditor).</summary>
    public static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    /// <summary>Parses <c>"100"</c>, <c>"0.5"</c>, <c>"1,000.25"</c> (comma thousands allowed) into base units.</summary>
    /// <param name="text">A non-negative decimal number.</param>
    /// <param name="decimals">The unit's decimals (6 for USDC, 18 for WETH and WAD).</param>
    /// <param name="value">The amount in base units.</param>
    /// <param name="error">A sentence saying what was wrong, when false.</param>
    public static bool TryParse(string? text, int decimals, out BigInteger value, out string error)
    {
        value = BigInteger.Zero;
        text = text?.Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            error = "an amount is missing";
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length > 2 || (parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0))
            || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            error = $"'{text}' is not a number";
            return false;
        }

        var fraction = parts.Length == 2 ? parts[1].TrimEnd('0') : string.Empty;
        if (fraction.Length > decimals)
        {
            error = $"'{text}' has {fraction.Length} decimals but this asset has only {decimals}";
            return false;
        }

        var whole = parts[0].Length == 0 ? "0" : parts[0];
        value = BigInteger.Parse(whole + fraction.PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        error = string.Empty;
        return true;
    }

    /// <summary>Formats base units as decimal text, rounded half-up to at most <paramref name="maxFractionDigits"/>, trailing zeros trimmed.</summary>
    public static string Format(BigInteger value, int decimals, int maxFractionDigits = int.MaxValue)
    {
        var negative = value.Sign < 0;
        value = BigInteger.Abs(value);
        var digits = Math.Min(decimals, Math.Max(0, maxFractionDigits));
        if (digits < decimals)
        {
            var step = BigInteger.Pow(10, decimals - digits);
            value = (value + (step / 2)) / step;
        }

        var scale = BigInteger.Pow(10, digits);
        var whole = BigInteger.DivRem(value, scale, out var remainder);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (digits > 0 && !remainder.IsZero)
        {
            text += "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        }

        return negative && text != "0" ? "-" + text : text;
    }

    /// <summary>Formats with a fixed number of fraction digits (no trimming), e.g. <c>300.000000</c>.</summary>
    public static string FormatFixed(BigInteger value, int decimals, int fractionDigits)
    {
        var text = Format(value, decimals, fractionDigits);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var have = dot < 0 ? 0 : text.Length - dot - 1;
        return fractionDigits == 0 ? text : (dot < 0 ? text + "." : text) + new string('0', fractionDigits - have);
    }

    /// <summary>A WAD number (1e18 = 1.0) as a double, for display only — never for amounts that are signed.</summary>
    public static double WadToDouble(BigInteger wad) => (double)wad / 1e18;
}
