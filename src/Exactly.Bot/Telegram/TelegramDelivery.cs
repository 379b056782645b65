using System.Globalization;
using System.Text.Json;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>Delivers Telegram outbox rows (sendMessage) under <see cref="TelegramFloodControl"/>.</summary>
public sealed class TelegramDelivery(TelegramClient client, TelegramFloodControl flood, IOptions<TelegramOptions> options) : IOutboxDelivery
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
        // Warm the response parser for the same reason the worker warms its bookkeeping: a short crash window.
        _ = JsonSerializer.Deserialize<TelegramResponse<Message>>("""{"ok":true,"result":{"message_id":1,"chat":{"id":1,"type":"private"}}}""", TelegramClient.Json);
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TelegramRequest<Message> request = item.Kind is TelegramRenderer.PhotoKind or TelegramRenderer.PrivatePhotoKind
            ? (JsonSerializer.Deserialize<TelegramPhotoPayload>(item.Payload, TelegramClient.Json) ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.")).ToRequest()
            : JsonSerializer.Deserialize<SendMessageRequest>(item.Payload, TelegramClient.Json) ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.");
        var chatId = long.Parse(item.ChatId, CultureInfo.InvariantCulture);
        try
        {
            return await SendAsync(request, chatId, item.Attempts, cancellationToken);
        }
        finally
        {
            flood.Complete(chatId);
        }
    }

    private async Task<DeliveryOutcome> SendAsync(TelegramRequest<Message> request, long chatId, long attempts, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await client.SendAsync(request, cancellationToken);
            return new DeliveryOutcome(DeliveryStatus.Sent, Detail: sent.MessageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (TelegramApiException ex) when (ex.ErrorCode == 429)
        {
            var wait = TimeSpan.FromSeconds(ex.RetryAfter ?? 1);
            flood.Penalize(chatId, wait);
            return new DeliveryOutcome(DeliveryStatus.RetryLater, wait, ex.Description);
        }
        catch (TelegramApiException ex) when (ex.ErrorCode is 400 or 403)
        {
            // 403: blocked, or a private chat the user never started; 400: the request can never succeed as written.
            return new DeliveryOutcome(DeliveryStatus.Undeliverable, Detail: $"{ex.ErrorCode} {ex.Description}");
        }
        catch (Exception ex) when (ex is TelegramApiException or HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
            return new DeliveryOutcome(DeliveryStatus.RetryLater, backoff, ex.GetType().Name);
        }
    }
}
