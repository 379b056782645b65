using System.Globalization;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Telegram;

/// <summary>Telegram's <see cref="IChatSender"/>: renders and durably queues (outbox, notice priority); delivery is rate-limited.</summary>
public sealed class TelegramSender(TelegramRenderer renderer, UnitOfWork unitOfWork) : IChatSender
{
    /// <inheritdoc />
    public string Transport => TelegramUpdateProcessor.Transport;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="chatId"/> is not a Telegram chat id.</exception>
    public Task SendAsync(string chatId, Reply reply, CancellationToken cancellationToken)
    {
        if (!long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException($"'{chatId}' is not a Telegram chat id.", nameof(chatId));
        }

        var rows = renderer.Render(id, null, reply, OutboxPriority.Notice, null);
        return unitOfWork.RunAsync(tx => tx.Enqueue(Transport, rows), cancellationToken);
    }
}
