namespace Exactly.Bot.Signing;

/// <summary>Who a signing session belongs to and which inbound event created it (Signing's own words for a chat message).</summary>
/// <param name="Transport">The transport's name: <c>telegram</c>, <c>discord</c> or <c>console</c>.</param>
/// <param name="ChatId">The chat the quote was asked in.</param>
/// <param name="UserId">The user who asked (outcomes go to their private chat).</param>
/// <param name="SourceEvent">
/// The inbound event's dedupe key: the same event handled again (redelivered after a crash) gets the same session back.
/// </param>
public sealed record SessionOwner(string Transport, string ChatId, string UserId, string SourceEvent);
