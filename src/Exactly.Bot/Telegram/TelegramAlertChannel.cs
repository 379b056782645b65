using System.Globalization;
using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Alerts to a Telegram user's private chat (its chat id is the user id), rendered by <see cref="TelegramRenderer"/> into
/// outbox rows the monitor commits with the tier change; delivered within the flood limits by the outbox worker.
/// </summary>
public sealed class TelegramAlertChannel(TelegramRenderer renderer) : IAlertChannel
{
    /// <inheritdoc />
    public string Transport => TelegramUpdateProcessor.Transport;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="userId"/> is not a Telegram user id.</exception>
    public IReadOnlyList<OutboxMessage> Render(string userId, AlertMessage message, int priority)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException($"'{userId}' is not a Telegram user id.", nameof(userId));
        }

        return renderer.Render(id, null, AlertReply.From(message), priority, null);
    }

    /// <inheritdoc />
    public Task AfterCommitAsync(string userId, AlertMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
