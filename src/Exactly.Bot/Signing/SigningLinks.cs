using System.Globalization;
using System.Numerics;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Signing;

/// <summary>
/// The one way commands hand a quote to the signing page: stores a session holding what the page plans from (the quote's
/// snapshot) and returns it with its page URL and expiry. Chat calls this; Signing never calls Chat.
/// </summary>
public sealed class SigningLinks(SigningSessionStore store)
{
    /// <summary>A session for a same-asset leverage quote.</summary>
    /// <param name="owner">The user, chat and inbound event the session belongs to.</param>
    /// <param name="command">The command line as the user typed it (already made safe to echo), shown on the page.</param>
    /// <param name="quote">The chat's quote.</param>
    /// <param name="cancellationToken">Cancels the database write.</param>
    public Task<SigningSession> ForLeverageAsync(SessionOwner owner, string command, LeverageQuote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var snapshot = new QuoteSnapshot(
            "leverage", quote.Market.Market.ToString(), quote.Market.Symbol, quote.Market.Decimals, quote.Account.ToString(),
            N(quote.Added), N(quote.RatioAfter), N(quote.DepositAfter), N(quote.BorrowAfter),
            quote.HealthFactorAfter is { } hf ? N(hf) : null, N(quote.MaxRatio), quote.Block);
        return store.CreateAsync(owner, command, snapshot, byBot: false, cancellationToken);
    }

    /// <summary>A session for a same-asset deleverage quote (with its withdraw, or withdraw-all).</summary>
    public Task<SigningSession> ForDeleverageAsync(SessionOwner owner, string command, DeleverageQuote quote, CancellationToken cancellationToken) =>
        DeleverageAsync(owner, command, quote, byBot: false, cancellationToken);

    /// <summary>
    /// A session for an alert's fix (<see cref="FixQuoter"/>): a deleverage fix becomes the same deleverage session the
    /// <c>/deleverage</c> command makes (same page, same guards, same simulation before anything is sent), marked as made by the
    /// bot: the user did not ask for it, so it does not count toward their quote limit. A repay fix gets no session (null): the
    /// page builds DebtManager calls only, so the alert states the repay in words.
    /// </summary>
    /// <param name="owner">The alerted user and the alert's event (its dedupe key: a redelivered alert gets the same session).</param>
    /// <param name="fix">The fix quote.</param>
    /// <param name="cancellationToken">Cancels the database write.</param>
    public async Task<SigningSession?> ForFixAsync(SessionOwner owner, FixQuote fix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fix);
        return fix is { Kind: FixKind.Deleverage, Deleverage: { } quote }
            ? await DeleverageAsync(owner, $"/deleverage {LeverageQuoter.FormatRatio(quote.Ratio)} {quote.Market.Symbol}", quote, byBot: true, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>A session for a cross-asset leverage or deleverage quote (<see cref="SessionOperation.Snapshot(CrossQuote)"/>).</summary>
    public Task<SigningSession> ForCrossAsync(SessionOwner owner, string command, CrossQuote quote, CancellationToken cancellationToken) =>
        store.CreateAsync(owner, command, SessionOperation.Snapshot(quote), byBot: false, cancellationToken);

    private Task<SigningSession> DeleverageAsync(SessionOwner owner, string command, DeleverageQuote quote, bool byBot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var snapshot = new QuoteSnapshot(
            "deleverage", quote.Market.Market.ToString(), quote.Market.Symbol, quote.Market.Decimals, quote.Account.ToString(),
            "0", N(quote.Ratio), N(quote.DepositAfter), N(quote.BorrowAfter), quote.HealthFactorAfter is { } hf ? N(hf) : null,
            N(quote.Ratio), quote.Block,
            // Withdraw-all is planned by the page as deleverage to 1x plus a final redeem of every share, so no amount here.
            Withdraw: quote.WithdrawAll ? "0" : N(quote.Withdraw), WithdrawAll: quote.WithdrawAll);
        return store.CreateAsync(owner, command, snapshot, byBot, cancellationToken);
    }

    private static string N(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
