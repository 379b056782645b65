namespace Exactly.Bot.Signing;

/// <summary>Lifecycle of a signing session.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Signed is the plain word for the step.")]
public enum SigningStatus
{
    /// <summary>Link handed out, not opened yet.</summary>
    Created,
    /// <summary>The page was opened.</summary>
    Opened,
    /// <summary>Permits signed.</summary>
    Signed,
    /// <summary>Transaction sent.</summary>
    Submitted,
    /// <summary>Transaction mined successfully.</summary>
    Mined,
    /// <summary>Reverted, refused or expired.</summary>
    Failed,
}

/// <summary>A signing link: bound to the chat user, the chat and the quote parameters; single use; expires.</summary>
/// <param name="Id">128 random bits, base64url (22 chars): unguessable and fits a Telegram deep-link payload.</param>
/// <param name="Transport">The transport of the chat that asked.</param>
/// <param name="ChatId">The chat that asked (the outcome is posted there).</param>
/// <param name="UserId">The user who asked (only they may use it).</param>
/// <param name="Command">The command line as typed.</param>
/// <param name="Quote">The quote as shown in the chat.</param>
/// <param name="Status">Where the session is.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">After this the page refuses it.</param>
/// <param name="Url">The page URL.</param>
public sealed record SigningSession(
    string Id,
    string Transport,
    string ChatId,
    string UserId,
    string Command,
    QuoteSnapshot Quote,
    SigningStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Uri Url);

/// <summary>
/// The quote figures a session keeps, as decimal strings in base units (no float anywhere near money).
/// The page re-quotes from the chain before anything is signed; this is what the chat showed. <c>Kind</c> is the operation
/// (<c>leverage</c>, <c>deleverage</c>, <c>crossleverage</c>, <c>crossdeleverage</c>); a deleverage carries <c>Withdraw</c>
/// (assets to the wallet) or <c>WithdrawAll</c>. A cross-asset snapshot's <c>Market</c> is the collateral (marketIn) and
/// <c>BorrowMarket</c> the borrowed one (marketOut); its <c>BorrowAfter</c> is in the borrow asset's decimals.
/// </summary>
public sealed record QuoteSnapshot(
    string Kind,
    string Market,
    string Symbol,
    int Decimals,
    string Account,
    string Added,
    string Ratio,
    string DepositAfter,
    string BorrowAfter,
    string? HealthFactorAfter,
    string MaxRatio,
    long Block,
    string? Withdraw = null,
    bool WithdrawAll = false,
    string? BorrowMarket = null,
    string? BorrowSymbol = null,
    int BorrowDecimals = 0)
{
    /// <summary>True for a cross-asset session (two markets, a Uniswap swap).</summary>
    public bool IsCross => BorrowMarket is not null;
}
