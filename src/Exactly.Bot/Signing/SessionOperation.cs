using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>Turns a session's quote snapshot into the operation the permits are planned for, and compares a re-quote with it.</summary>
public static class SessionOperation
{
    /// <summary>The operation for the connected <paramref name="account"/> (the snapshot's market, amounts and ratio).</summary>
    public static Operation From(QuoteSnapshot quote, MarketInfo market, Address account)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var ratio = N(quote.Ratio);
        return quote.Kind switch
        {
            "deleverage" => new Operation(OperationKind.Deleverage, market, account, N(quote.Withdraw ?? "0"), ratio, quote.WithdrawAll),
            _ => new Operation(OperationKind.Leverage, market, account, N(quote.Added), ratio),
        };
    }

    /// <summary>What changed between the chat's quote and a fresh one for the connected account, as sentences.</summary>
    public static IEnumerable<string> Differences(QuoteSnapshot chat, LeverageQuote now)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(now);
        var m = now.Market;
        string Amount(BigInteger v) => $"{Units.Format(v, m.Decimals, Math.Min((int)m.Decimals, 6))} {m.Symbol}";
        if (N(chat.DepositAfter) != now.DepositAfter)
        {
            yield return $"Deposit after: the chat said {Amount(N(chat.DepositAfter))}, now {Amount(now.DepositAfter)}.";
        }

        if (N(chat.BorrowAfter) != now.BorrowAfter)
        {
            yield return $"Borrow after: the chat said {Amount(N(chat.BorrowAfter))}, now {Amount(now.BorrowAfter)}.";
        }

        var chatHf = chat.HealthFactorAfter is null ? (BigInteger?)null : N(chat.HealthFactorAfter);
        if (chatHf / (Units.Wad / 100) != now.HealthFactorAfter / (Units.Wad / 100))
        {
            yield return $"Health factor after: the chat said {Hf(chatHf)}, now {Hf(now.HealthFactorAfter)}.";
        }

        if (!string.Equals(chat.Account, now.Account.ToString(), StringComparison.Ordinal))
        {
            yield return $"Quoted again for the connected wallet {now.Account} (the chat quoted {chat.Account}).";
        }
    }

    private static string Hf(BigInteger? hf) => hf is { } v ? Units.Format(v, 18, 2) : "no debt";

    private static BigInteger N(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
