using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Chat;

/// <summary>Per-user limits (section <c>Limits</c>): how many quotes with a signing link one user gets in a window.</summary>
public sealed class LimitOptions
{
    /// <summary>Quotes that create a signing session, per user and transport, within <see cref="QuoteWindow"/>. Default 10.</summary>
    [Range(1, 10_000, ErrorMessage = "Limits:QuotesPerUser must be between 1 and 10000, e.g. Limits__QuotesPerUser=10.")]
    public int QuotesPerUser { get; set; } = 10;

    /// <summary>The sliding window <see cref="QuotesPerUser"/> counts over. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Limits:QuoteWindow must be between 1 second and 1 day, e.g. Limits__QuoteWindow=00:01:00.")]
    public TimeSpan QuoteWindow { get; set; } = TimeSpan.FromMinutes(1);
}
