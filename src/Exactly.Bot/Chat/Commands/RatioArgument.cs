using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>Parses what people type for a leverage ratio: <c>3</c>, <c>3x</c>, <c>3.5x</c>, <c>3.0X</c>, <c>x3</c>.</summary>
public static class RatioArgument
{
    /// <summary>Parses into WAD (3x = 3e18). Ratios below 1x and above 100x are refused with a sentence.</summary>
    public static bool TryParse(string text, out BigInteger ratio, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.Trim();
        if (digits.EndsWith('x') || digits.EndsWith('X'))
        {
            digits = digits[..^1];
        }
        else if (digits.StartsWith('x') || digits.StartsWith('X'))
        {
            digits = digits[1..];
        }

        if (!Units.TryParse(digits, 18, out ratio, out _) || digits.Contains(',', StringComparison.Ordinal))
        {
            error = $"'{UserText.Echo(text)}' is not a leverage ratio; write it like 3x or 2.5x.";
            return false;
        }

        if (ratio < Units.Wad)
        {
            error = "The leverage ratio must be at least 1x (1x means no borrowing).";
            return false;
        }

        if (ratio > Units.Wad * 100)
        {
            error = "A leverage ratio above 100x is not possible on Exactly; the maximum depends on the asset, e.g. about 5x for USDC.";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
