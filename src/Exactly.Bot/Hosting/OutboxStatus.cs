namespace Exactly.Bot.Hosting;

/// <summary>Where an outbox row is in its life; stored in <c>outbox.status</c> as the lower-case word (<see cref="OutboxStatusNames"/>).</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for its turn (<c>pending</c>).</summary>
    Pending,

    /// <summary>An attempt started and its outcome is unknown until it is marked (<c>sending</c>).</summary>
    Sending,

    /// <summary>The platform accepted it (<c>sent</c>).</summary>
    Sent,

    /// <summary>The platform said it can never be delivered (<c>undeliverable</c>).</summary>
    Undeliverable,

    /// <summary>Given up after <see cref="OutboxOptions"/>' bounds (<c>dead</c>).</summary>
    Dead,
}

/// <summary>The words <see cref="OutboxStatus"/> is stored as (the strings rows carry since the first migration).</summary>
public static class OutboxStatusNames
{
    /// <summary>The stored word.</summary>
    public static string ToDb(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sending => "sending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Undeliverable => "undeliverable",
        OutboxStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown outbox status."),
    };

    /// <summary>The status a stored word names.</summary>
    /// <exception cref="FormatException">The word is not one this code writes (a corrupt row).</exception>
    public static OutboxStatus Parse(string stored) => stored switch
    {
        "pending" => OutboxStatus.Pending,
        "sending" => OutboxStatus.Sending,
        "sent" => OutboxStatus.Sent,
        "undeliverable" => OutboxStatus.Undeliverable,
        "dead" => OutboxStatus.Dead,
        _ => throw new FormatException($"Unknown outbox status '{stored}'."),
    };
}
