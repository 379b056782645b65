using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Signing;

/// <summary>
/// How far the page's fresh re-quote may move from the quote the chat showed before the page refuses (not just warns) and asks
/// for a new quote in the chat: deposit or borrow after by more than <see cref="MaxMoveBasisPoints"/> (1 %), or a health
/// factor after lower by more than <see cref="MaxHealthFactorDrop"/> (0.02). A user agreed to the chat's figures; "borrow 4
/// USDC" in the chat must not go ahead as 32 on the page.
/// </summary>
public static class QuoteTolerance
{
    /// <summary>The largest move of deposit or borrow after, in basis points of the chat's figure: 100 (1 %).</summary>
    public const int MaxMoveBasisPoints = 100;

    /// <summary>The largest drop of the health factor after: 0.02, WAD.</summary>
    public static readonly BigInteger MaxHealthFactorDrop = Units.Wad / 50;

    /// <summary>
    /// What moved beyond the tolerance (<c>deposit</c>, <c>borrow</c>, <c>health factor</c>), empty when the re-quote is close
    /// enough. Amounts in base units (the borrow in its own asset's), health factors WAD (null = no debt).
    /// </summary>
    public static IReadOnlyList<string> Exceeded(QuoteSnapshot chat, BigInteger depositAfter, BigInteger borrowAfter, BigInteger? healthFactorAfter)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var moved = new List<string>();
        if (Moved(N(chat.DepositAfter), depositAfter))
        {
            moved.Add("deposit");
        }

        if (Moved(N(chat.BorrowAfter), borrowAfter))
        {
            moved.Add("borrow");
        }

        // No debt (null) is the safest health factor: any debt where the chat showed none is a drop; none now is never one.
        var chatHf = chat.HealthFactorAfter is null ? (BigInteger?)null : N(chat.HealthFactorAfter);
        if (healthFactorAfter is { } now && (chatHf is null || chatHf.Value - now > MaxHealthFactorDrop))
        {
            moved.Add("health factor");
        }

        return moved;
    }

    /// <summary>The page's refusal: what moved, the differences, and where to get a new quote.</summary>
    public static string Refusal(IReadOnlyList<string> exceeded, IReadOnlyList<string> differences, string command)
    {
        ArgumentNullException.ThrowIfNull(exceeded);
        ArgumentNullException.ThrowIfNull(differences);
        return $"The {string.Join(" and ", exceeded)} moved since the chat's quote by more than this link allows (1 % on deposit or borrow, 0.02 on the health factor): "
            + $"{string.Join(" ", differences)} Nothing was signed. Ask the bot for a new quote in the chat: {command}";
    }

    private static bool Moved(BigInteger chat, BigInteger now) => BigInteger.Abs(now - chat) * 10_000 > chat * MaxMoveBasisPoints;

    private static BigInteger N(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>A fresh re-quote compared with the chat's: every difference as a sentence, and what moved beyond <see cref="QuoteTolerance"/>.</summary>
/// <param name="Differences">What changed, as sentences (shown on the page).</param>
/// <param name="Exceeded">What moved beyond the tolerance (<c>deposit</c>, <c>borrow</c>, <c>health factor</c>); non-empty means refuse.</param>
public sealed record Requoted(IReadOnlyList<string> Differences, IReadOnlyList<string> Exceeded);
