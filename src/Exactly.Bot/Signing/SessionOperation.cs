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

    /// <summary>
    /// What a cross-asset session keeps: <c>crossleverage</c> (<c>Added</c> = the deposit) or <c>crossdeleverage</c>
    /// (<c>Withdraw</c>), marketIn as <c>Market</c>, marketOut as <c>BorrowMarket</c>. Fee and price limit are not kept: the page
    /// re-quotes them for the connected account.
    /// </summary>
    public static QuoteSnapshot Snapshot(CrossQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var (c, b) = (quote.Collateral, quote.Borrow);
        return new QuoteSnapshot(
            quote.IsDeleverage ? "crossdeleverage" : "crossleverage", c.Market.ToString(), c.Symbol, c.Decimals, quote.Account.ToString(),
            quote.IsDeleverage ? "0" : T(quote.Amount), T(quote.Ratio), T(quote.DepositAfter), T(quote.BorrowAfter),
            quote.HealthFactorAfter is { } hf ? T(hf) : null, T(quote.MaxRatio), quote.Block,
            Withdraw: quote.IsDeleverage ? T(quote.Amount) : null, BorrowMarket: b.Market.ToString(), BorrowSymbol: b.Symbol, BorrowDecimals: b.Decimals);
    }

    /// <summary>The amount a cross snapshot's quote is for: the deposit (leverage) or the withdraw (deleverage).</summary>
    public static BigInteger CrossAmount(QuoteSnapshot quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return N(quote.Kind == "crossdeleverage" ? quote.Withdraw ?? "0" : quote.Added);
    }

    /// <summary>
    /// Quotes <paramref name="operation"/> again for its (connected) account, leverage or deleverage alike, and returns what changed
    /// since the chat's quote (<see cref="Differences(QuoteSnapshot, LeverageQuote)"/>), or the re-quote's refusal.
    /// </summary>
    /// <exception cref="Ethereum.Rpc.RpcException">The chain could not be read.</exception>
    public static async Task<Protocol.Outcome<Requoted>> RequoteAsync(
        LeverageQuoter leverage, DeleverageQuoter deleverage, QuoteSnapshot chat, Operation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leverage);
        ArgumentNullException.ThrowIfNull(deleverage);
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Kind == OperationKind.Leverage)
        {
            var now = await leverage.QuoteAsync(operation.Account, operation.Market, operation.Amount, operation.Ratio, cancellationToken).ConfigureAwait(false);
            return now.IsSuccess
                ? Protocol.Outcome<Requoted>.Ok(new(Differences(chat, now.Value!).ToList(), QuoteTolerance.Exceeded(chat, now.Value!.DepositAfter, now.Value.BorrowAfter, now.Value.HealthFactorAfter)))
                : Protocol.Outcome<Requoted>.Fail(now.Error!);
        }

        var again = await deleverage.QuoteAsync(
            new DeleverageRequest(operation.Account, operation.Market, operation.Ratio, operation.Amount, operation.WithdrawAll), cancellationToken).ConfigureAwait(false);
        return again.IsSuccess
            ? Protocol.Outcome<Requoted>.Ok(new(Differences(chat, again.Value!).ToList(), QuoteTolerance.Exceeded(chat, again.Value!.DepositAfter, again.Value.BorrowAfter, again.Value.HealthFactorAfter)))
            : Protocol.Outcome<Requoted>.Fail(again.Error!);
    }

    /// <summary>What changed between the chat's deleverage quote and a fresh one for the connected account, as sentences.</summary>
    public static IEnumerable<string> Differences(QuoteSnapshot chat, DeleverageQuote now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return Differences(chat, now.Market, now.Market, now.Account, now.DepositAfter, now.BorrowAfter, now.HealthFactorAfter);
    }

    /// <summary>What changed between the chat's quote and a fresh one for the connected account, as sentences.</summary>
    public static IEnumerable<string> Differences(QuoteSnapshot chat, LeverageQuote now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return Differences(chat, now.Market, now.Market, now.Account, now.DepositAfter, now.BorrowAfter, now.HealthFactorAfter);
    }

    /// <summary>What changed between the chat's cross-asset quote and a fresh one (deposit and borrow in their own assets).</summary>
    public static IEnumerable<string> Differences(QuoteSnapshot chat, CrossQuote now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return Differences(chat, now.Collateral, now.Borrow, now.Account, now.DepositAfter, now.BorrowAfter, now.HealthFactorAfter);
    }

    private static IEnumerable<string> Differences(
        QuoteSnapshot chat, MarketInfo collateral, MarketInfo borrow, Address account, BigInteger depositAfter, BigInteger borrowAfter, BigInteger? healthFactorAfter)
    {
        ArgumentNullException.ThrowIfNull(chat);
        static string Amount(BigInteger v, MarketInfo m) => $"{Units.Format(v, m.Decimals, Math.Min((int)m.Decimals, 6))} {m.Symbol}";
        if (N(chat.DepositAfter) != depositAfter)
        {
            yield return $"Deposit after: the chat said {Amount(N(chat.DepositAfter), collateral)}, now {Amount(depositAfter, collateral)}.";
        }

        if (N(chat.BorrowAfter) != borrowAfter)
        {
            yield return $"Borrow after: the chat said {Amount(N(chat.BorrowAfter), borrow)}, now {Amount(borrowAfter, borrow)}.";
        }

        var chatHf = chat.HealthFactorAfter is null ? (BigInteger?)null : N(chat.HealthFactorAfter);
        if (chatHf / (Units.Wad / 100) != healthFactorAfter / (Units.Wad / 100))
        {
            yield return $"Health factor after: the chat said {Hf(chatHf)}, now {Hf(healthFactorAfter)}.";
        }

        if (!string.Equals(chat.Account, account.ToString(), StringComparison.Ordinal))
        {
            yield return $"Quoted again for the connected wallet {account} (the chat quoted {chat.Account}).";
        }
    }

    private static string Hf(BigInteger? hf) => hf is { } v ? Units.Format(v, 18, 2) : "no debt";

    private static string T(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger N(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
