using System.Collections.Concurrent;
using System.Text.Json;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>
/// Delivers Discord outbox rows: edits of deferred responses, follow-ups, DMs (the DM channel is opened once per user) and
/// channel messages. Rate limits are handled in <see cref="DiscordClient"/>; 50007 (cannot message this user), unknown
/// webhooks/channels and expired tokens are final.
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
                DiscordOutboxPayload.DirectMessage => await SendDirectAsync(payload, cancellationToken),
                _ => await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Post, payload.Path!, payload.Body) { File = payload.Image?.ToFile() }, cancellationToken),
            };
            return new DeliveryOutcome(DeliveryStatus.Sent, Detail: message?.Id);
        }
        catch (DiscordApiException ex) when (ex.Status == 429)
        {
            return new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(ex.RetryAfter ?? 1), ex.Message);
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

    private async Task<DiscordMessage?> SendDirectAsync(DiscordOutboxPayload payload, CancellationToken cancellationToken)
    {
        var recipient = payload.RecipientId!;
        if (!dmChannels.TryGetValue(recipient, out var channel))
        {
            var opened = await client.SendAsync(new DiscordRequest<DiscordChannel>(HttpMethod.Post, "/users/@me/channels", new { recipient_id = recipient }), cancellationToken)
                ?? throw new HttpRequestException("Discord returned no DM channel.");
            channel = dmChannels[recipient] = opened.Id;
        }

        return await client.SendAsync(new DiscordRequest<DiscordMessage>(HttpMethod.Post, $"/channels/{channel}/messages", payload.Body with { Flags = null }) { File = payload.Image?.ToFile() }, cancellationToken);
    }
}
