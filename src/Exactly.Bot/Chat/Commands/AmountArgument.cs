using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// Parses what people type for an amount: <c>100</c>, <c>1,000.5</c>, <c>0.25</c>, or <c>max</c>/<c>all</c>; no more decimals
/// than the asset has (6 for USDC), nothing negative.
/// </summary>
public static class AmountArgument
{
    /// <summary>True for <c>max</c> or <c>all</c> (any case).</summary>
    public static bool IsAll(string text) =>
        string.Equals(text, "all", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "max", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses an amount of <paramref name="market"/>'s asset into base units.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="market">The market whose decimals apply.</param>
    /// <param name="allowAll">Whether <c>max</c>/<c>all</c> is accepted (then <paramref name="all"/> is true and the amount 0).</param>
    /// <param name="amount">Base units.</param>
    /// <param name="all">True for max/all.</param>
    /// <param name="error">A sentence when false.</param>
    public static bool TryParse(string text, MarketInfo market, bool allowAll, out BigInteger amount, out bool all, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(market);
        all = false;
        amount = BigInteger.Zero;
        if (IsAll(text))
        {
            all = allowAll;
            error = allowAll ? string.Empty : $"'{text}' is not accepted here; write an amount of {market.Symbol}, like 100.";
            return allowAll;
        }

        var trimmed = text.EndsWith(market.Symbol, StringComparison.OrdinalIgnoreCase) && text.Length > market.Symbol.Length
            ? text[..^market.Symbol.Length]
            : text;
        if (!Units.TryParse(trimmed, market.Decimals, out amount, out var reason))
        {
            error = $"The amount is not valid: {reason}.";
            return false;
        }

        // Found by the fuzz test: above 2^128 base units nothing exists to deposit, and above 2^256 the call cannot be encoded.
        if (amount >= BigInteger.One << 128)
        {
            error = $"{ReplyFormat.Clip(text)} {market.Symbol} is more than exists; write a real amount, like 100.";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
