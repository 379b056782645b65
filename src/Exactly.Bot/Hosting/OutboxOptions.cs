using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Hosting;

/// <summary>
/// Bounds on delivering one outbox row (section <c>Outbox</c>): after <see cref="MaxAttempts"/> failed attempts, or once
/// the row is older than <see cref="MaxAge"/> and fails again, it is dead-lettered (status <c>dead</c>, logged, counted) so
/// the messages queued behind it in the same chat go on. An image degrades to its link as text instead.
/// </summary>
public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>Attempts a row gets before it is dead-lettered (<c>Outbox__MaxAttempts</c>); rate-limit answers (429) do not count.</summary>
    [Range(1, 1000, ErrorMessage = "Outbox:MaxAttempts must be between 1 and 1000 (Outbox__MaxAttempts).")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a row may keep failing, counted from when it was queued (<c>Outbox__MaxAge</c>, e.g. <c>01:00:00</c>).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Outbox:MaxAge must be positive, e.g. 01:00:00 (Outbox__MaxAge).");
        }
    }
}
