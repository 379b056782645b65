namespace Exactly.Bot.Alerts;

/// <summary>A button or link under an alert (the fix link, once there is one).</summary>
/// <param name="Label">What the button says.</param>
/// <param name="Url">Absolute URL.</param>
public sealed record AlertLink(string Label, Uri Url);

/// <summary>
/// What the monitor sends a user: plain text (at most 4,096 characters, lines for a monospace block) and links. The alerts
/// room's own shape, so it never names a chat type; each transport turns it into its own rows (<see cref="IAlertChannel"/>).
/// </summary>
/// <param name="Text">The message.</param>
/// <param name="Links">Buttons, in order.</param>
public sealed record AlertMessage(string Text, IReadOnlyList<AlertLink> Links);

/// <summary>
/// One transport's way to a user's direct messages, for the monitor. Outbox transports (Telegram, Discord) return rows the
/// monitor enqueues inside its block transaction (so a tier change and its message commit together); the console prints
/// after the commit.
/// </summary>
public interface IAlertChannel
{
    /// <summary>The transport, as in <see cref="WalletOwner.Transport"/>.</summary>
    string Transport { get; }

    /// <summary>The outbox rows of a direct message to <paramref name="userId"/> (empty: <see cref="AfterCommitAsync"/> delivers it).</summary>
    IReadOnlyList<Hosting.OutboxMessage> Render(string userId, AlertMessage message, int priority);

    /// <summary>Called once the rows are committed: the console prints here; outbox transports have nothing to do.</summary>
    Task AfterCommitAsync(string userId, AlertMessage message, CancellationToken cancellationToken);
}
