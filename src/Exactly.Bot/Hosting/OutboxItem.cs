namespace Exactly.Bot.Hosting;

/// <summary>How urgent an outbound message is: lower goes first when capacity is short.</summary>
public static class OutboxPriority
{
    /// <summary>The answer to something a user just typed.</summary>
    public const int Reply = 0;

    /// <summary>
    /// A health-factor alert or a "monitoring paused/resumed" notice: after the answer a user waits for, before every other
    /// notice (a liquidation warning must not queue behind confirmations).
    /// </summary>
    public const int Alert = 1;

    /// <summary>Something else the bot sends on its own: confirmations, outcomes.</summary>
    public const int Notice = 2;
}

/// <summary>A message to enqueue.</summary>
/// <param name="ChatId">Where it goes; messages to one chat are delivered in (priority, enqueue) order, one at a time.</param>
/// <param name="Kind">What the transport does with it (see <see cref="OutboxKind"/>).</param>
/// <param name="Priority">See <see cref="OutboxPriority"/>.</param>
/// <param name="Payload">Transport-specific JSON (the request to send).</param>
public sealed record OutboxMessage(string ChatId, OutboxKind Kind, int Priority, string Payload);

/// <summary>A stored outbox row.</summary>
/// <param name="Id">Row id (monotonic).</param>
/// <param name="Transport">Transport name.</param>
/// <param name="ChatId">Destination chat.</param>
/// <param name="Kind">See <see cref="OutboxKind"/>.</param>
/// <param name="Priority">See <see cref="OutboxPriority"/>.</param>
/// <param name="Payload">Transport-specific JSON.</param>
/// <param name="Attempts">Delivery attempts started so far (an attempt is recorded before the request is sent).</param>
/// <param name="Status">See <see cref="OutboxStatus"/>.</param>
/// <param name="SourceEvent">The inbound event that caused it (dedupe key), if any.</param>
/// <param name="CreatedAt">When it was queued (Unix ms, from the injected <see cref="TimeProvider"/>).</param>
public sealed record OutboxItem(long Id, string Transport, string ChatId, OutboxKind Kind, long Priority, string Payload, long Attempts, OutboxStatus Status, string? SourceEvent, long CreatedAt);

/// <summary>What a delivery attempt came to.</summary>
public enum DeliveryStatus
{
    /// <summary>The platform accepted it.</summary>
    Sent,

    /// <summary>Try again after <see cref="DeliveryOutcome.RetryAfter"/> (rate limit, outage).</summary>
    RetryLater,

    /// <summary>It can never be delivered (user blocked the bot, cannot be messaged): stop retrying.</summary>
    Undeliverable,
}

/// <summary>The outcome of one delivery attempt.</summary>
/// <param name="Status">See <see cref="DeliveryStatus"/>.</param>
/// <param name="RetryAfter">For <see cref="DeliveryStatus.RetryLater"/>: how long to wait.</param>
/// <param name="Detail">The platform's answer (message id, error description); never a secret.</param>
/// <param name="RateLimited">A 429: the platform asked to wait, the row itself is fine; it does not count toward
/// <see cref="OutboxOptions.MaxAttempts"/> (only toward <see cref="OutboxOptions.MaxAge"/>).</param>
public sealed record DeliveryOutcome(DeliveryStatus Status, TimeSpan RetryAfter = default, string? Detail = null, bool RateLimited = false);
