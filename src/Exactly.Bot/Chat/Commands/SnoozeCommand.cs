using System.Globalization;
using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/snooze &lt;30m|6h|2d&gt;</c> or <c>/snooze off</c>: hold all of the user's alerts for a while (at most 7 days).</summary>
public sealed class SnoozeCommand(WatchStore store, TimeProvider time) : ICommand
{
    /// <inheritdoc />
    public string Name => "snooze";

    /// <inheritdoc />
    public string Usage => "/snooze <30m|6h|2d|off>";

    /// <inheritdoc />
    public string Summary => "hold your alerts for a while (at most 7 days), or end the snooze";

    /// <inheritdoc />
    public string Example => "/snooze 6h";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var owner = ChatPrivacy.Owner(context.Message);
        var now = time.GetUtcNow();
        if (context.Arguments.Count == 0)
        {
            var until = await store.SnoozedUntilAsync(owner, cancellationToken).ConfigureAwait(false);
            return Reply.Plain(until is { } u
                ? $"Your alerts are snoozed until {Time(u)} UTC ({WalletText.Span(u - now)} left). End it with /snooze off."
                : "Your alerts are not snoozed. Hold them with /snooze 6h (m, h or d; at most 7 days).");
        }

        if (context.Arguments.Count > 1)
        {
            return Reply.Error($"/snooze takes one duration or off: {Usage}.", Example);
        }

        if (string.Equals(context.Arguments[0], "off", StringComparison.OrdinalIgnoreCase))
        {
            await store.SnoozeAsync(owner, now, cancellationToken).ConfigureAwait(false);
            return Reply.Plain("Snooze ended: alerts reach you again from the next block.");
        }

        var (span, error) = WalletArguments.ParseDuration(context.Arguments[0]);
        if (error.Length > 0)
        {
            return Reply.Error(error, Example);
        }

        await store.SnoozeAsync(owner, now + span, cancellationToken).ConfigureAwait(false);
        return Reply.Plain($"Alerts snoozed for {WalletText.Span(span)}, until {Time(now + span)} UTC. End it early with /snooze off.");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
