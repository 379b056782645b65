using System.Globalization;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Handles one update exactly once, for polling and webhook alike: the <c>update_id</c> and the reply's outbox rows commit
/// in one transaction, so a crash before the commit redoes the update and a crash after it (or a redelivery) finds the id
/// and does nothing. A quote first commits the id as <c>accepted</c> together with a placeholder row ("Quoting 3x USDC
/// 100…"), so the user sees progress at once; the answer then commits with the id as <c>done</c>, its first part an edit of
/// that placeholder row. A crash in between redoes the quote on redelivery and edits the same placeholder (found by the
/// update id), never a second one. The offset is not advanced here: updates of different chats finish out of order, and an
/// offset past an unfinished update would confirm it to Telegram and lose it (the first 200-run crash test caught exactly
/// that); <see cref="TelegramPoller"/> advances it once the whole batch is done. The signing session a quote creates is keyed
/// by the update id too, so a redone update reuses it. Scoped: one instance per update (the poller's <see cref="EventScopes"/>,
/// the webhook's request), every write through the <see cref="UnitOfWork"/>.
/// </summary>
public sealed partial class TelegramUpdateProcessor(
    ChatBot bot, TelegramRenderer renderer, TelegramIdentity identity, UnitOfWork unitOfWork, ITelegramBotClient client,
    TimeProvider time, ILogger<TelegramUpdateProcessor> logger)
{
    /// <summary>The transport name.</summary>
    public const string Transport = "telegram";

    /// <summary>Key of the persisted getUpdates offset in <c>transport_state</c>.</summary>
    public const string OffsetKey = "offset";

    /// <summary>Commands that read and compute a quote: they get a placeholder that is edited into the answer.</summary>
    private static readonly HashSet<string> Quoting = new(StringComparer.Ordinal) { "/leverage", "/deleverage", "/short", "/long" };

    /// <summary>
    /// Processes <paramref name="update"/> behind a fault barrier: if handling it throws (a bug), the fault is logged and the
    /// update is settled anyway — recorded as done with a sentence to its chat (the placeholder, if any, edited into it) —
    /// so one poisonous update neither stops the poller nor makes Telegram re-send it forever. False when it had been
    /// processed before. Throws only if even settling fails (the database is unusable): the caller retries later.
    /// </summary>
    public async Task<bool> HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        try
        {
            return await ProcessAsync(update, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUpdateFailed(logger, ex, update.Id);
            return await SettleFailedAsync(update, cancellationToken);
        }
    }

    /// <summary>Processes <paramref name="update"/>; false when it had been processed before.</summary>
    public async Task<bool> ProcessAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var inbound = Inbound(update);
        if (await unitOfWork.FindEventAsync(inbound, cancellationToken) == InboundEventState.Done)
        {
            return false;
        }

        var command = Parse(update);
        long? placeholder = command is { Placeholder: { } text } ? await AcceptAsync(inbound, command.ChatId, text, cancellationToken) : null;
        var (messages, requeue) = await EffectAsync(command, inbound.EventId, placeholder, cancellationToken);
        return await unitOfWork.CommitEventAsync(inbound, InboundEventState.Done, null, tx =>
        {
            tx.Enqueue(Transport, messages, inbound.EventId);
            if (requeue is { } r)
            {
                tx.Requeue(Transport, r.ChatId, OutboxKind.Private, r.SourceEvent);
                tx.Requeue(Transport, r.ChatId, OutboxKind.PrivatePhoto, r.SourceEvent);
            }
        }, cancellationToken);
    }

    private static InboundEvent Inbound(Update update) => new(Transport, update.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Records a failed update as done with an apology to its chat (editing its placeholder if it has one), in one transaction.</summary>
    private Task<bool> SettleFailedAsync(Update update, CancellationToken cancellationToken)
    {
        var inbound = Inbound(update);
        return unitOfWork.CommitEventAsync(inbound, InboundEventState.Done, null, tx =>
        {
            if (update.Message is { Chat.Id: var chatId and not 0, From: { IsBot: false } from })
            {
                var placeholder = tx.FindRow(Transport, inbound.EventId, OutboxKind.Placeholder);
                var reply = Reply.Error("Something went wrong on our side while handling that message, so nothing was done. Please try again.", "/help");
                tx.Enqueue(Transport, renderer.Render(chatId, from.Id, reply, OutboxPriority.Reply, inbound.EventId, placeholder), inbound.EventId);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Commits the update as <c>accepted</c> with its placeholder row (or finds the row a previous attempt committed) and
    /// returns the row id.
    /// </summary>
    private Task<long> AcceptAsync(InboundEvent inbound, long chatId, string text, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(tx =>
        {
            if (tx.FindRow(Transport, inbound.EventId, OutboxKind.Placeholder) is { } row)
            {
                return row;
            }

            tx.RecordEvent(inbound, InboundEventState.Accepted);
            return tx.Enqueue(Transport, [TelegramRenderer.Placeholder(chatId, text, OutboxPriority.Reply)], inbound.EventId)[0];
        }, cancellationToken);

    /// <summary>What an update asks for, or null when the bot stays silent.</summary>
    private Command? Parse(Update update)
    {
        if (update.Message is not { Text: { Length: > 0 } text, From: { IsBot: false } from } message)
        {
            return null;
        }

        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Text made only of whitespace (U+00A0, U+3000…) trims to no word at all: it is not a command.
        var first = words.Length > 0 ? words[0] : string.Empty;
        if (!first.StartsWith('/') && message.Chat.Id < 0)
        {
            // In groups the bot only answers commands (privacy mode delivers little else anyway).
            return null;
        }

        var at = first.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && !string.Equals(first[(at + 1)..], identity.Username, StringComparison.OrdinalIgnoreCase))
        {
            return null; // addressed to another bot
        }

        var name = (at > 0 ? first[..at] : first).ToLowerInvariant();
        var arguments = words.Length > 1 ? words[1] : string.Empty;
        string? placeholder = null;
        if (Quoting.Contains(name))
        {
            var what = (name == "/leverage" ? arguments : name[1..] + " " + arguments).Trim();
            placeholder = "Quoting " + (what.Length > 100 ? what[..100] : what) + "…";
        }

        return new Command(message.Chat.Id, from.Id, text, name, arguments, placeholder);
    }

    private async Task<(IReadOnlyList<OutboxMessage> Messages, (string ChatId, string SourceEvent)? Requeue)> EffectAsync(
        Command? command, string eventId, long? placeholder, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            return ([], null);
        }

        var (chatId, userId, text, name, payload, _) = command;
        if (name is not ("/start" or "/help"))
        {
            await TypingAsync(chatId, cancellationToken);
        }

        var chatMessage = new ChatMessage(Transport, chatId.ToString(CultureInfo.InvariantCulture), userId.ToString(CultureInfo.InvariantCulture), text, eventId);
        var reply = await bot.HandleAsync(chatMessage, cancellationToken);
        // Deep link t.me/<bot>?start=u<update_id>: the greeting, and that update's personal messages re-sent to this private
        // chat. The payload is forgeable; authority comes from the outbox row, which must be addressed to this very chat.
        if (name == "/start" && chatId > 0 && payload.Length > 1 && payload[0] == 'u' && long.TryParse(payload[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            var requeue = (chatId.ToString(CultureInfo.InvariantCulture), payload[1..]);
            return (renderer.Render(chatId, userId, reply, OutboxPriority.Reply, eventId), requeue);
        }

        return (renderer.Render(chatId, userId, reply, OutboxPriority.Reply, eventId, placeholder), null);
    }

    private async Task TypingAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await client.SendRequest(new SendChatActionRequest { ChatId = chatId, Action = ChatAction.Typing }, linked.Token);
        }
        catch (Exception ex) when (ex is RequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogTypingFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling Telegram update {UpdateId} failed; it is settled with an apology and the rest go on")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, long updateId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sendChatAction typing failed; carrying on")]
    private static partial void LogTypingFailed(ILogger logger, Exception exception);

    /// <summary>A parsed update: chat, sender, the line, the command name, its arguments and the placeholder text if it quotes.</summary>
    private sealed record Command(long ChatId, long UserId, string Text, string Name, string Arguments, string? Placeholder);
}
