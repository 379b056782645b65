using Exactly.Bot.Alerts;
using Exactly.Bot.Hosting;
using Exactly.Bot.Chat;

namespace Exactly.Bot.Discord;

/// <summary>
/// Alerts to a Discord user's direct messages (<c>dm:{userId}</c>, the channel opened with <c>POST /users/@me/channels</c>),
/// as the outbox rows <see cref="DiscordSender"/> builds; the monitor commits them with the tier change.
/// </summary>
public sealed class DiscordAlertChannel : IAlertChannel
{
    /// <inheritdoc />
    public string Transport => DiscordInteractionHandler.Transport;

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Render(string userId, AlertMessage message, int priority)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return DiscordSender.Rows("dm:" + userId, AlertReply.From(message), priority);
    }

    /// <inheritdoc />
    public Task AfterCommitAsync(string userId, AlertMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
