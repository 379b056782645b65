using System.Globalization;
using System.Text;
using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/wallets</c>: the wallets the user watches — label, short address (private chats only), linked or watch-only, alerts
/// on or off, and the monitor's last reading (tier, block, age).
/// </summary>
public sealed class WalletsCommand(WatchStore store, TimeProvider time) : ICommand
{
    /// <inheritdoc />
    public string Name => "wallets";

    /// <inheritdoc />
    public string Usage => "/wallets";

    /// <inheritdoc />
    public string Summary => "the wallets you watch, linked or watch-only, and their last reading";

    /// <inheritdoc />
    public string Example => "/wallets";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count > 0)
        {
            return Reply.Error("/wallets takes no arguments; it lists every wallet you watch.", Example);
        }

        var owner = ChatPrivacy.Owner(context.Message);
        var wallets = await store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
        if (wallets.Count == 0)
        {
            return Reply.Plain("You watch no wallets yet. In a private chat with the bot: /watch <address> [label], or /link to prove one is yours.\n" +
                "Example: /watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 main");
        }

        var evaluations = await store.EvaluationsAsync(owner, cancellationToken).ConfigureAwait(false);
        var inPrivate = ChatPrivacy.IsPrivate(context.Message);
        var now = time.GetUtcNow();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Your wallets ({wallets.Count} of {WatchStore.MaxWalletsPerUser}):"));
        foreach (var w in wallets)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{WalletText.Name(w, inPrivate)} · {(w.Linked ? "linked" : "watch-only")} · alerts {(w.AlertsOn ? "on" : "off")}");
            text.Append(CultureInfo.InvariantCulture, $"\n  {WalletText.Evaluation(evaluations.GetValueOrDefault(w.Id), now)}");
        }

        if (!inPrivate)
        {
            text.Append("\nAddresses are shown in a private chat with the bot only.");
        }

        return Reply.Plain(text.ToString());
    }
}
