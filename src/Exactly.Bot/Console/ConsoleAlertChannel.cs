using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Console;

/// <summary>
/// Alerts for the console user (the demo): no outbox, they are printed through <see cref="ConsoleSender"/> once the monitor's
/// transaction has committed.
/// </summary>
public sealed class ConsoleAlertChannel(ConsoleSender sender) : IAlertChannel
{
    /// <inheritdoc />
    public string Transport => sender.Transport;

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Render(string userId, AlertMessage message, int priority) => [];

    /// <inheritdoc />
    public Task AfterCommitAsync(string userId, AlertMessage message, CancellationToken cancellationToken) =>
        sender.SendAsync(userId, AlertReply.From(message), cancellationToken);
}
