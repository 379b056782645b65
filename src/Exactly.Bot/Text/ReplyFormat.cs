using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Text;

/// <summary>
/// How every reply shows numbers: a 14-character label column, amounts with their symbol, the health factor with a plain
/// word, "(now …)" for the value before. Plain text, so every transport shows the same content.
/// </summary>
internal static class ReplyFormat
{
    /// <summary>Appends <c>label value  (before)</c> as one aligned line.</summary>
    public static void Line(StringBuilder text, string label, string value, string? before = null) =>
        text.Append(CultureInfo.InvariantCulture, $"{label,-14}{value}{(before is null ? string.Empty : $"  ({before})")}\n");

    /// <summary>An amount in the market's decimals, at most 6 fraction digits.</summary>
    public static string Amount(BigInteger value, MarketInfo market) => Units.Format(value, market.Decimals, Math.Min((int)market.Decimals, 6));

    /// <summary>An amount with its symbol: <c>300 USDC</c>.</summary>
    public static string Assets(BigInteger value, MarketInfo market) => $"{Amount(value, market)} {market.Symbol}";

    /// <summary><c>1.24 caution</c>, or <c>no debt</c>.</summary>
    public static string Health(BigInteger? healthFactor) => healthFactor is { } hf
        ? $"{Units.Format(hf, 18, 2)} {HealthFactor.Describe(hf)}"
        : "no debt";

    /// <summary>A WAD ratio as <c>3x</c>, or <c>none</c> for 0.</summary>
    public static string Ratio(BigInteger ratio) => ratio.IsZero ? "none" : LeverageQuoter.FormatRatio(ratio);

    /// <summary>A WAD fraction as a percentage with two decimals: <c>4.25%</c>.</summary>
    public static string Percent(BigInteger wad) => Units.Format(wad * 100, 18, 2) + "%";

    /// <summary>A USD WAD value with two decimals: <c>3,000.00</c> style without grouping: <c>3000</c>.</summary>
    public static string Usd(BigInteger wad) => Units.Format(wad, 18, 2);

    /// <summary>
    /// A liquidation price as the move that reaches it: <c>WETH −24.8 % liquidates</c> (one decimal, toward zero, so the move
    /// shown may still leave the wallet just safe).
    /// </summary>
    public static string Move(LiquidationPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return $"{price.Market.Symbol} {price.MovePercent.ToString("+0.0;−0.0", CultureInfo.InvariantCulture)} % liquidates";
    }

    /// <summary><c>0x7099…79C8</c>.</summary>
    public static string Short(Address address)
    {
        var text = address.ToString();
        return $"{text[..6]}…{text[^4..]}";
    }

    /// <summary>A quote refused for its size, as a sentence: what it would need and what there is.</summary>
    public static string Refusal(QuoteRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var m = refusal.Market;
        return refusal.Reason == QuoteRefusalReason.DepositAboveSupply
            ? $"No market could serve this: it would deposit {Assets(refusal.Asked, m)}, more than all the {m.Symbol} that exists ({Assets(refusal.Available, m)}). Ask for a smaller amount."
            : $"No market could serve this: it would borrow {Assets(refusal.Asked, m)}, more than the {m.Symbol} market holds to lend ({Assets(refusal.Available, m)}). Ask for a smaller amount or a lower ratio.";
    }

    /// <summary>The quote's block and when it expires.</summary>
    public static string Expiry(long block, DateTimeOffset expiresAt) =>
        string.Create(CultureInfo.InvariantCulture, $"Quoted at block {block}; valid until {expiresAt:HH:mm} UTC.");
}
