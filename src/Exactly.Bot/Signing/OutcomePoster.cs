namespace Exactly.Bot.Signing;

/// <summary>Posts a session's outcome to the user's own chat through <see cref="IOutcomeSender"/>; a chat that cannot be reached is logged, not thrown.</summary>
public sealed partial class OutcomePoster(IOutcomeSender sender, ILogger<OutcomePoster> logger)
{
    /// <summary>
    /// Where a session's outcome goes: where its link went, the user's private chat. A Telegram quote asked in a group is posted
    /// there without its link (the link goes to the private chat, <c>/start u&lt;update_id&gt;</c>), and a Telegram private
    /// chat's id is the user's id, so the balance, position and health factor never reach the group. Discord and console
    /// sessions already name the user's own chat (<c>dm:{user}</c>, the console).
    /// </summary>
    public static string OutcomeChat(SigningSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Transport == "telegram" ? session.UserId : session.ChatId;
    }

    /// <summary>Posts <paramref name="text"/> to the session's outcome chat.</summary>
    public async Task PostAsync(SigningSession session, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            await sender.SendAsync(session.Transport, OutcomeChat(session), text, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            LogUndeliverable(logger, ex, session.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: the outcome could not be posted to its chat")]
    private static partial void LogUndeliverable(ILogger logger, Exception exception, string id);
}
