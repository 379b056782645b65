namespace Exactly.Bot.Hosting;

/// <summary>One transport's side of the outbox: its flood control and how a row becomes a platform request.</summary>
public interface IOutboxDelivery
{
    /// <summary>The transport whose rows this delivers.</summary>
    string Transport { get; }

    /// <summary>How many requests may be in flight at once (different chats only).</summary>
    int MaxConcurrency { get; }

    /// <summary>
    /// Reserves capacity to send <paramref name="item"/> now: <see cref="TimeSpan.Zero"/> when reserved, otherwise how long
    /// until it could be (nothing reserved). <paramref name="globalBlocked"/> says no other chat can go either.
    /// </summary>
    TimeSpan TryReserve(OutboxItem item, out bool globalBlocked);

    /// <summary>
    /// Called once at start with the sends (and started attempts) of the last minute, from the database: flood windows
    /// survive a restart, so a crash-looping bot does not burst into a chat it just wrote to.
    /// </summary>
    void Seed(IReadOnlyList<(string ChatId, long AtMs)> recent);

    /// <summary>Sends one row. Infrastructure faults are returned as <see cref="DeliveryStatus.RetryLater"/>, not thrown.</summary>
    Task<DeliveryOutcome> DeliverAsync(OutboxItem item, CancellationToken cancellationToken);

    /// <summary>
    /// What to send instead of <paramref name="item"/> once it is dead-lettered: an image's link as a text message; null
    /// when there is nothing lighter to send (text is already the lightest form).
    /// </summary>
    OutboxMessage? Degrade(OutboxItem item);
}
