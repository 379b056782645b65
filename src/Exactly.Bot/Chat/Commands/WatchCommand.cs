using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/watch &lt;address&gt; [label]</c>: watch a wallet (watch-only: chain data is public) with the default alert tiers; the
/// reply also says which markets the wallet uses are paused or frozen now (<see cref="WatchMarkets"/>), since the monitor says
/// that only when it changes. Private chats only: an address typed in a group is neither stored nor echoed (see
/// <see cref="PrivateOnly"/>). Without <paramref name="rpc"/> and <paramref name="positions"/> (a command table with no chain,
/// in tests of the store) the markets are not read.
/// </summary>
public sealed class WatchCommand(WatchStore store, JsonRpcClient? rpc = null, PositionReader? positions = null, ILogger<WatchCommand>? logger = null) : ICommand
{
    /// <inheritdoc />
    public string Name => "watch";

    /// <inheritdoc />
    public string Usage => "/watch <address> [label]";

    /// <inheritdoc />
    public string Summary => "watch a wallet's health factor and get alerts (private chat)";

    /// <inheritdoc />
    public string Example => "/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 main";

    /// <summary>
    /// The answer in a group. Storing the address would tie it to the user's chat identity on the strength of a message the
    /// whole group read, and confirming it would repeat it: the bot does neither, and says where it works. The example is one
    /// that works in the group and shows no address (not even a sample one).
    /// </summary>
    internal static Reply PrivateOnly(string command) => Reply.Error(
        $"{command} works in a private chat with the bot only: which wallets you watch is yours to know. Nothing was stored; you may want to delete your message.",
        "/wallets");

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ChatPrivacy.IsPrivate(context.Message))
        {
            return PrivateOnly("/watch");
        }

        if (context.Arguments.Count is 0 or > 2)
        {
            return Reply.Error($"/watch takes an address and an optional label: {Usage}.", Example);
        }

        var (address, error) = WalletArguments.ParseAddress(context.Arguments[0]);
        if (address is null)
        {
            return Reply.Error(error, Example);
        }

        var label = context.Arguments.Count == 2 ? context.Arguments[1] : null;
        if (label is not null && WalletArguments.LabelProblem(label) is { } problem)
        {
            return Reply.Error(problem, $"/watch {address.Value} main");
        }

        var owner = ChatPrivacy.Owner(context.Message);
        var (outcome, wallet) = await store.WatchAsync(owner, address.Value, label, linked: false, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            WatchOutcome.Added => Reply.Plain(
                $"Watching {WalletText.Name(wallet!, inPrivate: true)}, watch-only. Alerts by direct message: {WalletText.Rules(wallet!)}.\n" +
                $"Change them with /alert {wallet!.Label} below 1.3; prove it is yours with /link to quote it by default." +
                await MarketsAsync(wallet, cancellationToken).ConfigureAwait(false)),
            WatchOutcome.AlreadyWatched => Reply.Plain($"You already watch this wallet as {wallet!.Label}. See them all with /wallets."),
            WatchOutcome.LabelTaken => Reply.Error($"You already use the label {wallet!.Label} for another wallet.", $"/watch {address.Value} {wallet.Label}2"),
            _ => await LimitReachedAsync(owner, cancellationToken).ConfigureAwait(false),
        };
    }

    private Task<string> MarketsAsync(WatchedWallet wallet, CancellationToken cancellationToken) =>
        rpc is null || positions is null
            ? Task.FromResult(string.Empty)
            : WatchMarkets.NoteAsync(rpc, positions, wallet, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken);

    private async Task<Reply> LimitReachedAsync(WalletOwner owner, CancellationToken cancellationToken)
    {
        var mine = await store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
        var first = mine.Count > 0 ? mine[0].Label : "wallet1";
        return Reply.Error($"You watch {WatchStore.MaxWalletsPerUser} wallets already, the most one user can. Stop watching one first.", $"/unwatch {first}");
    }
}
