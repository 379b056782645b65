using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/unwatch &lt;label|address&gt;</c>: stop watching a wallet (its rules and alert state go with it).</summary>
public sealed class UnwatchCommand(WatchStore store) : ICommand
{
    /// <inheritdoc />
    public string Name => "unwatch";

    /// <inheritdoc />
    public string Usage => "/unwatch <label|address>";

    /// <inheritdoc />
    public string Summary => "stop watching a wallet";

    /// <inheritdoc />
    public string Example => "/unwatch main";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count != 1)
        {
            return Reply.Error($"/unwatch takes one wallet, by its label or address: {Usage}. Your labels are in /wallets.", Example);
        }

        var owner = ChatPrivacy.Owner(context.Message);
        var (wallet, error) = await WalletArguments.FindAsync(store, owner, context.Arguments[0], cancellationToken).ConfigureAwait(false);
        if (wallet is null)
        {
            return Reply.Error(error, "/wallets");
        }

        await store.UnwatchAsync(owner, wallet.Id, cancellationToken).ConfigureAwait(false);
        var linked = wallet.Linked ? " It was linked: quotes no longer use it by default." : string.Empty;
        return Reply.Plain($"Stopped watching {WalletText.Name(wallet, ChatPrivacy.IsPrivate(context.Message))}; its alerts are gone.{linked}");
    }
}
