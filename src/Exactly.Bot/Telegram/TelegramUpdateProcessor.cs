using System.Globalization;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Handles one update exactly once, for polling and webhook alike: the <c>update_id</c> and the reply's outbox rows commit
/// in one transaction, so a crash before the commit redoes the update and a crash after it (or a redelivery) finds the id
/// and does nothing. The offset is not advanced here: updates of different chats finish out of order, and an offset past
/// an unfinished update would confirm it to Telegram and lose it (the first 200-run crash test caught exactly that);
/// <see cref="TelegramPoller"/> advances it once the whole batch is done. The signing session a quote creates lives in its own row; a crash between
/// it and this commit leaves one unused session behind (never shown to anyone), not a second reply.
/// </summary>
public sealed partial class TelegramUpdateProcessor(
    ChatBot bot, TelegramRenderer renderer, TelegramIdentity identity, OutboxStore outbox, TelegramClient client, ILogger<TelegramUpdateProcessor> logger)
{
    /// <summary>The transport name.</summary>
    public const string Transport = "telegram";

    /// <summary>Key of the persisted getUpdates offset in <c>transport_state</c>.</summary>
    public const string OffsetKey = "offset";

    /// <summary>Processes <paramref name="update"/>; false when it had been processed before.</summary>
    public async Task<bool> ProcessAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var eventId = update.UpdateId.ToString(CultureInfo.InvariantCulture);
        await using (var check = outbox.Database.Open())
        {
            if (InboundEvents.Find(check, null, Transport, eventId) is not null)
            {
                return false;
            }
        }

        var (messages, requeue) = await EffectAsync(update, eventId, cancellationToken);
        await using var connection = outbox.Database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = outbox.NowMs();
        if (!InboundEvents.Record(connection, transaction, Transport, eventId, InboundEvents.Done, null, now))
        {
            return false;
        }

        OutboxStore.Enqueue(connection, transaction, Transport, messages, eventId, now);
        if (requeue is { } r)
        {
            OutboxStore.Requeue(connection, transaction, Transport, r.ChatId, TelegramRenderer.PrivateKind, r.SourceEvent);
            OutboxStore.Requeue(connection, transaction, Transport, r.ChatId, TelegramRenderer.PrivatePhotoKind, r.SourceEvent);
        }

        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        return true;
    }

    private async Task<(IReadOnlyList<OutboxMessage> Messages, (string ChatId, string SourceEvent)? Requeue)> EffectAsync(
        Update update, string eventId, CancellationToken cancellationToken)
    {
        if (update.Message is not { Text: { Length: > 0 } text, From: { IsBot: false } from } message)
        {
            return ([], null);
        }

        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = words[0];
        if (!first.StartsWith('/'))
        {
            // In groups the bot only answers commands (privacy mode delivers little else anyway).
            if (message.Chat.Id < 0)
            {
                return ([], null);
            }
        }

        var at = first.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && !string.Equals(first[(at + 1)..], identity.Username, StringComparison.OrdinalIgnoreCase))
        {
            return ([], null); // addressed to another bot
        }

        var name = (at > 0 ? first[..at] : first).ToLowerInvariant();
        var chatId = message.Chat.Id;
        (string, string)? requeue = null;
        if (name == "/start")
        {
            // Deep link t.me/<bot>?start=u<update_id>: re-send that update's personal messages to this private chat.
            // The payload is forgeable; authority comes from the outbox row, which must be addressed to this very chat.
            var payload = words.Length > 1 ? words[1] : string.Empty;
            if (chatId > 0 && payload.Length > 1 && payload[0] == 'u' && long.TryParse(payload[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                requeue = (chatId.ToString(CultureInfo.InvariantCulture), payload[1..]);
                return (renderer.Render(chatId, from.Id, Reply.Plain("Welcome! Your signing link follows."), OutboxPriority.Reply, eventId), requeue);
            }

            text = "/help";
        }
        else if (name != "/help")
        {
            await TypingAsync(chatId, cancellationToken);
        }

        var chatMessage = new ChatMessage(Transport, chatId.ToString(CultureInfo.InvariantCulture), from.Id.ToString(CultureInfo.InvariantCulture), text, eventId);
        var reply = await bot.HandleAsync(chatMessage, cancellationToken);
        return (renderer.Render(chatId, from.Id, reply, OutboxPriority.Reply, eventId), requeue);
    }

    private async Task TypingAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.SendTypingAsync(chatId, timeout.Token);
        }
        catch (Exception ex) when (ex is TelegramApiException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogTypingFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "sendChatAction typing failed; carrying on")]
    private static partial void LogTypingFailed(ILogger logger, Exception exception);
}
