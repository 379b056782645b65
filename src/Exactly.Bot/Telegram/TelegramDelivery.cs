using System.Globalization;
using System.Text.Json;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Delivers Telegram outbox rows (sendMessage, sendPhoto, editMessageText) under <see cref="TelegramFloodControl"/>; an edit
/// is one request like any other and counts toward the same limits.
/// </summary>
public sealed class TelegramDelivery(ITelegramBotClient client, TelegramFloodControl flood, OutboxStore outbox, IOptions<TelegramOptions> options) : IOutboxDelivery
{
    /// <inheritdoc />
    public string Transport => TelegramUpdateProcessor.Transport;

    /// <inheritdoc />
    public int MaxConcurrency => Math.Max(4, options.Value.GlobalPerSecond);

    /// <inheritdoc />
    public TimeSpan TryReserve(OutboxItem item, out bool globalBlocked)
    {
        ArgumentNullException.ThrowIfNull(item);
        return flood.TryReserve(long.Parse(item.ChatId, CultureInfo.InvariantCulture), out globalBlocked);
    }

    /// <inheritdoc />
    public void Seed(IReadOnlyList<(string ChatId, long AtMs)> recent)
    {
        ArgumentNullException.ThrowIfNull(recent);
        flood.Seed(recent.Select(r => (long.Parse(r.ChatId, CultureInfo.InvariantCulture), r.AtMs)));
        // Warm the response parser for the same reason the worker warms its bookkeeping: a short crash window. And warm the
        // exception path: Telegram.Bot reports a 429 by throwing, and the first throw on a cold path took 120–750 ms here, long
        // enough to send into a scope Telegram had just closed before Penalize runs.
        _ = JsonSerializer.Deserialize<Message>("""{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}""", JsonBotAPI.Options);
        try
        {
            throw new ApiRequestException("warm-up", 429, new ResponseParameters { RetryAfter = 1 });
        }
        catch (ApiRequestException warm) when (warm.Parameters?.RetryAfter == 1)
        {
            // Expected: only the throw/catch machinery was wanted.
        }
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind == TelegramRenderer.EditKind)
        {
            return await EditAsync(item, cancellationToken);
        }

        var chatId = long.Parse(item.ChatId, CultureInfo.InvariantCulture);
        try
        {
            // Inside the try: a payload that does not parse must still release the chat's flood reservation.
            IRequest<Message> request = item.Kind is TelegramRenderer.PhotoKind or TelegramRenderer.PrivatePhotoKind
                ? (JsonSerializer.Deserialize<TelegramPhotoPayload>(item.Payload, JsonBotAPI.Options) ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.")).ToRequest()
                : JsonSerializer.Deserialize<SendMessageRequest>(item.Payload, JsonBotAPI.Options) ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.");
            if (item.Kind == TelegramRenderer.PlaceholderKind && item.Status == OutboxStatus.Sending)
            {
                // In doubt after a crash (it may or may not have arrived). A progress line is cosmetic, so it goes at most once:
                // repeating it could show two "Quoting…" lines. The answer's edit then finds no placeholder and arrives as a new
                // message; at worst one "Quoting…" line stays unedited above it. Answers themselves stay at-least-once.
                return new DeliveryOutcome(DeliveryStatus.Undeliverable, Detail: "in doubt after a restart; a progress line is not repeated");
            }

            return await SendAsync(request, chatId, item.Attempts, cancellationToken);
        }
        finally
        {
            flood.Complete(chatId);
        }
    }

    /// <inheritdoc />
    public OutboxMessage? Degrade(OutboxItem item) => TelegramRenderer.PhotoAsText(item);

    /// <summary>
    /// Edits the placeholder into the answer. The placeholder's row precedes the edit in the chat's queue, so it is final by
    /// now: sent (its result is the message_id) or undeliverable. An edit is idempotent: repeating it after a crash gets
    /// Telegram's 400 "message is not modified", which means the content is there. If there is nothing to edit (the
    /// placeholder never arrived, or the user deleted it: "message to edit not found") the answer goes as a new message.
    /// Error texts as the Bot API sends them: "Bad Request: message is not modified: specified new message content and reply
    /// markup are exactly the same as a current content and reply markup of the message" (daniel-hauser/moneyman#133,
    /// yi-jiayu/bus-eta-bot#6, tdlib/telegram-bot-api#624).
    /// </summary>
    private async Task<DeliveryOutcome> EditAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var chatId = long.Parse(item.ChatId, CultureInfo.InvariantCulture);
        try
        {
            var edit = JsonSerializer.Deserialize<TelegramEditPayload>(item.Payload, JsonBotAPI.Options) ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.");
            var placeholder = await outbox.OutcomeAsync(edit.PlaceholderRow, cancellationToken);
            if (placeholder is (OutboxStatus.Pending or OutboxStatus.Sending, _))
            {
                return new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(1), "placeholder not sent yet");
            }

            if (placeholder is (OutboxStatus.Sent, { } result) && int.TryParse(result, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
            {
                try
                {
                    await client.SendRequest(edit.ToEdit(messageId), cancellationToken);
                    return new DeliveryOutcome(DeliveryStatus.Sent, Detail: result);
                }
                catch (ApiRequestException ex) when (IsBadRequest(ex, "message is not modified"))
                {
                    // Telegram's answer to an edit it already applied (re-sent after a crash before "sent" was recorded).
                    return new DeliveryOutcome(DeliveryStatus.Sent, Detail: result);
                }
                catch (ApiRequestException ex) when (!IsBadRequest(ex, "message to edit not found"))
                {
                    return Refused(ex, chatId, item.Attempts);
                }
                catch (ApiRequestException)
                {
                    // Deleted by the user in the meantime: the answer must still arrive, as a new message below.
                }
            }

            return await SendAsync(edit.Message, chatId, item.Attempts, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestException and not ApiRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(ex, item.Attempts);
        }
        finally
        {
            flood.Complete(chatId);
        }
    }

    private async Task<DeliveryOutcome> SendAsync(IRequest<Message> request, long chatId, long attempts, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await client.SendRequest(request, cancellationToken);
            return new DeliveryOutcome(DeliveryStatus.Sent, Detail: sent.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (ApiRequestException ex)
        {
            return Refused(ex, chatId, attempts);
        }
        catch (Exception ex) when (ex is RequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(ex, attempts);
        }
    }

    private static bool IsBadRequest(ApiRequestException refusal, string description) =>
        refusal.ErrorCode == 400 && refusal.Message.Contains(description, StringComparison.OrdinalIgnoreCase);

    /// <summary>Telegram answered <c>ok: false</c>: a 429 pauses sending at once (before anything else runs), 400/403 never succeed.</summary>
    private DeliveryOutcome Refused(ApiRequestException response, long chatId, long attempts)
    {
        var description = response.Message;
        switch (response.ErrorCode)
        {
            case 429:
                var wait = TimeSpan.FromSeconds(response.Parameters?.RetryAfter ?? 1);
                flood.Penalize(chatId, wait);
                return new DeliveryOutcome(DeliveryStatus.RetryLater, wait, description, RateLimited: true);
            case 400 or 403:
                // 403: blocked, or a private chat the user never started; 400: the request can never succeed as written.
                return new DeliveryOutcome(DeliveryStatus.Undeliverable, Detail: $"{response.ErrorCode} {description}");
            default:
                return new DeliveryOutcome(DeliveryStatus.RetryLater, Backoff(attempts), $"{response.ErrorCode} {description}");
        }
    }

    /// <summary>No answer from Telegram (network, timeout): back off exponentially (2^attempts s, at most a minute).</summary>
    private static DeliveryOutcome Unreachable(Exception exception, long attempts) =>
        new(DeliveryStatus.RetryLater, Backoff(attempts), exception.GetType().Name);

    private static TimeSpan Backoff(long attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
}
