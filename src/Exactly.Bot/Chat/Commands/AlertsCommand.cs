using System.Globalization;
using System.Text;
using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/alerts</c>: every wallet's rules with its state (tier, last evaluated block and its age), and the snooze.</summary>
public sealed class AlertsCommand(WatchStore store, TimeProvider time) : ICommand
{
    /// <inheritdoc />
    public string Name => "alerts";

    /// <inheritdoc />
    public string Usage => "/alerts";

    /// <inheritdoc />
    public string Summary => "your alert rules per wallet, their state and the snooze";

    /// <inheritdoc />
    public string Example => "/alerts";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count > 0)
        {
            return Reply.Error("/alerts takes no arguments; change one wallet's rules with /alert.", Example);
        }

        var owner = ChatPrivacy.Owner(context.Message);
        var wallets = await store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
        if (wallets.Count == 0)
        {
            return Reply.Plain("You have no alerts: you watch no wallets yet. In a private chat with the bot: /watch <address> [label].\n" +
                "Example: /watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 main");
        }

        var evaluations = await store.EvaluationsAsync(owner, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var snoozed = await store.SnoozedUntilAsync(owner, cancellationToken).ConfigureAwait(false);
        var inPrivate = ChatPrivacy.IsPrivate(context.Message);
        var text = new StringBuilder(snoozed is { } until
            ? string.Create(CultureInfo.InvariantCulture, $"Snoozed until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({WalletText.Span(until - now)} left; /snooze off ends it).")
            : "Alerts by direct message; hold them with /snooze 6h.");
        foreach (var w in wallets)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n{WalletText.Name(w, inPrivate)}\n  {WalletText.Rules(w)}\n  now: {WalletText.Evaluation(evaluations.GetValueOrDefault(w.Id), now)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n\nExample: /alert {wallets[0].Label} below 1.3");
        return Reply.Plain(text.ToString());
    }
}
