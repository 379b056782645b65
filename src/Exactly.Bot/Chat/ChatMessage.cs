namespace Exactly.Bot.Chat;

/// <summary>An inbound chat line, transport-neutral.</summary>
/// <param name="Transport">Where it came from: <c>console</c>, <c>telegram</c>, <c>discord</c>.</param>
/// <param name="ChatId">The chat (or channel) to answer in.</param>
/// <param name="UserId">Who wrote it, as the transport identifies them.</param>
/// <param name="Text">What they typed.</param>
/// <param name="DedupeKey">Unique per inbound event (update_id, interaction id, console line number): handled once.</param>
public sealed record ChatMessage(string Transport, string ChatId, string UserId, string Text, string DedupeKey)
{
    /// <summary>The signing session's owner for a quote asked in this message (one session per inbound event).</summary>
    public Signing.SessionOwner AsSessionOwner() => new(Transport, ChatId, UserId, DedupeKey);
}
