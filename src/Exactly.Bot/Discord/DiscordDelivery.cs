using System.Collections.Concurrent;
using System.Text.Json;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>
/// Delivers Discord outbox rows: edits of deferred responses, follow-ups, DMs (the DM channel is opened once per user) and
/// channel messages. Rate limits are handled in <see cref="DiscordClient"/>; 50007 (cannot message this user), unknown
/// webhooks/channels and expired tokens are final. DMs and channel messages carry the row id as <c>nonce</c> with
/// <c>enforce_nonce</c>, so the resend of a row whose request left before a crash (outcome unknown) returns the message
/// Discord already created instead of a second one (the nonce is checked "in the past few minutes": the resend after a
/// restart is seconds later). Edits are idempotent by nature; follow-ups (webhook executes) take no nonce.
/// </summary>
public sealed class DiscordDelivery(DiscordClient client) : IOutboxDelivery
{
    private readonly ConcurrentDictionary<string, string> dmChannels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Transport => DiscordInteractionHandler.Transport;

    /// <inheritdoc />
    public int MaxConcurrency => 16;

    /// <inheritdoc />
    public TimeSpan TryReserve(OutboxItem item, out bool globalBlocked)
    {
        globalBlocked = false;
        return TimeSpan.Zero;
    }

    /// <inheritdoc />
    public void Seed(IReadOnlyList<(string ChatId, long AtMs)> recent)
    {
        // Discord's limits are learnt from response headers; the first response after a restart teaches them again.
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonSerializer.Deserialize<DiscordOutboxPayload>(item.Payload, DiscordClient.Json)
            ?? throw new InvalidOperationException($"Outbox row {item.Id} has an empty payload.");
        try
        {
            var message = item.Kind switch
            {
                DiscordOutboxPayload.Edit => await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Patch, payload.Path!, payload.Body) { File = payload.Image?.ToFile() }, cancellationToken),
                DiscordOutboxPayload.DirectMessage => await SendDirectAsync(payload, Nonce(item), cancellationToken),
                DiscordOutboxPayload.Channel => await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Post, payload.Path!, payload.Body with { Nonce = Nonce(item), EnforceNonce = true }) { File = payload.Image?.ToFile() }, cancellationToken),
                _ => await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Post, payload.Path!, payload.Body) { File = payload.Image?.ToFile() }, cancellationToken),
            };
            return new DeliveryOutcome(DeliveryStatus.Sent, Detail: message?.Id);
        }
        catch (DiscordApiException ex) when (ex.Status == 429)
        {
            return new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(ex.RetryAfter ?? 1), ex.Message, RateLimited: true);
        }
        catch (DiscordApiException ex) when (ex.Status == 404 && item.Kind is DiscordOutboxPayload.Edit or DiscordOutboxPayload.Followup && item.Attempts < 3)
        {
            // An edit can reach Discord a moment before it has processed our acknowledgement: try again shortly.
            return new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(1), ex.Message);
        }
        catch (DiscordApiException ex) when (ex.Code == DiscordApiException.CannotMessageUser || ex.Status is 400 or 401 or 403 or 404)
        {
            return new DeliveryOutcome(DeliveryStatus.Undeliverable, Detail: ex.Message);
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(item.Attempts, 6)))), ex.GetType().Name);
        }
    }

    /// <summary>
    /// A message whose image (the signing link's QR code) cannot be delivered goes without it: the same text and link
    /// buttons, so the link still arrives. Null for a row without an image.
    /// </summary>
    public OutboxMessage? Degrade(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonSerializer.Deserialize<DiscordOutboxPayload>(item.Payload, DiscordClient.Json);
        return payload?.Image is null
            ? null
            : new OutboxMessage(item.ChatId, item.Kind, (int)item.Priority, JsonSerializer.Serialize(payload with { Image = null, Body = payload.Body with { Attachments = null } }, DiscordClient.Json));
    }

    /// <summary>The row's nonce: its id, unique per database and far below Discord's 25 characters.</summary>
    private static string Nonce(OutboxItem item) => item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<DiscordMessage?> SendDirectAsync(DiscordOutboxPayload payload, string nonce, CancellationToken cancellationToken)
    {
        var recipient = payload.RecipientId!;
        if (!dmChannels.TryGetValue(recipient, out var channel))
        {
            var opened = await client.SendAsync(new DiscordRequest<DiscordChannel>(HttpMethod.Post, "/users/@me/channels", new { recipient_id = recipient }), cancellationToken)
                ?? throw new HttpRequestException("Discord returned no DM channel.");
            channel = dmChannels[recipient] = opened.Id;
        }

        return await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Post, $"/channels/{channel}/messages", payload.Body with { Flags = null, Nonce = nonce, EnforceNonce = true }) { File = payload.Image?.ToFile() }, cancellationToken);
    }
}
