using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Text;

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
            error = allowAll ? string.Empty : $"'{UserText.Echo(text)}' is not accepted here; write an amount of {market.Symbol}, like 100.";
            return allowAll;
        }

        var trimmed = text.EndsWith(market.Symbol, StringComparison.OrdinalIgnoreCase) && text.Length > market.Symbol.Length
            ? text[..^market.Symbol.Length]
            : text;
        if (!Units.TryParse(trimmed, market.Decimals, out amount, out _))
        {
            // Our own sentence, not the parser's: its reason quotes the whole input, however long.
            var fraction = trimmed.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? trimmed[(dot + 1)..] : string.Empty;
            error = fraction.Length > market.Decimals && fraction.All(char.IsAsciiDigit)
                ? $"'{UserText.Echo(text)}' has {fraction.Length} decimals but {market.Symbol} has only {market.Decimals}; write it like 0.5."
                : $"'{UserText.Echo(text)}' is not an amount of {market.Symbol}; write it like 100 or 0.5.";
            return false;
        }

        // Found by the fuzz test: above 2^128 base units nothing exists to deposit, and above 2^256 the call cannot be encoded.
        if (amount >= BigInteger.One << 128)
        {
            error = $"{UserText.Echo(text)} {market.Symbol} is more than exists; write a real amount, like 100.";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
