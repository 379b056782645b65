using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Storage;

/// <summary>
/// How long finished rows are kept before the retention sweep deletes them (section <c>Retention</c>), per kind. Rows still
/// in flight are never deleted, whatever their age: an outbox row pending or sending, a signing session not expired or
/// submitted, an inbound event still accepted.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Signing sessions, counted from creation. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Retention:Sessions must be between 1 hour and 10 years, e.g. Retention__Sessions=30.00:00:00.")]
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Inbound dedupe keys (Telegram update_id, Discord interaction id), counted from receipt. Default 7 days; at least 1 day,
    /// because Telegram redelivers an unconfirmed update for up to 24 hours and a forgotten key would run it twice.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:InboundEvents must be between 1 day (Telegram redelivers for 24 hours) and 10 years.")]
    public TimeSpan InboundEvents { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Delivered (or given-up) outbox rows, counted from creation. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Retention:Outbox must be between 1 hour and 10 years, e.g. Retention__Outbox=7.00:00:00.")]
    public TimeSpan Outbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Watched addresses' stored readings (the health trend of <c>/position</c>), counted from when they were recorded.
    /// Default 2 days; at least 1 day, because the trend covers the last 24 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:Positions must be between 1 day (the health trend covers 24 hours) and 10 years.")]
    public TimeSpan Positions { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the sweep runs (once at start, then every interval). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Retention:SweepInterval must be between 1 minute and 7 days.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
