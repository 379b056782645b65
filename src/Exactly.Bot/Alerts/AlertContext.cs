using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Alerts;

/// <summary>What an alert about one wallet states besides the change itself: the facts at the evaluated block and the fix.</summary>
/// <param name="Position">The wallet at the evaluated block (its <see cref="WalletPosition.Block"/> is named in the text).</param>
/// <param name="Label">The user's label for the wallet; null shows a shortened address.</param>
/// <param name="Thresholds">The wallet's tiers (the text names the line crossed).</param>
/// <param name="LiquidationPrices">From <see cref="Protocol.Positions.LiquidationPrices.For"/>.</param>
/// <param name="StalenessNotes">Sentences about feeds older than allowed (<see cref="AlertText.StalenessNotes"/>).</param>
/// <param name="Fix">The fix quote (or its refusal) and its signing link; null when no fix is offered.</param>
public sealed record AlertContext(
    WalletPosition Position,
    string? Label,
    AlertThresholds Thresholds,
    IReadOnlyList<LiquidationPrice> LiquidationPrices,
    IReadOnlyList<string> StalenessNotes,
    AlertFix? Fix = null);

/// <summary>A fix for the alert: the quote outcome and, for a deleverage, the signing page's link and its expiry.</summary>
/// <param name="Quote">From <see cref="FixQuoter"/>: a fix or a typed refusal.</param>
/// <param name="Link">The signing page URL (<see cref="Signing.SigningLinks.ForFixAsync"/>); null for a repay or a refusal.</param>
/// <param name="LinkExpiresAt">When the link expires.</param>
public sealed record AlertFix(Outcome<FixQuote> Quote, string? Link = null, DateTimeOffset? LinkExpiresAt = null);
