using System.Globalization;
using System.Text;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/position</c>: with no argument, every wallet the user watches (<see cref="PositionOverview"/>: one block, health,
/// liquidation prices, 24 h trend; labels only outside a private chat); with a label, that one wallet the same way; with an
/// address, any wallet's deposits, borrows, leverage per market and health factor. A user who watches nothing gets their
/// default account (a linked wallet, or the demo's configured one) as before.
/// </summary>
public sealed class PositionCommand(MarketReader reader, WalletDirectory wallets, WatchStore store, JsonRpcClient rpc, PositionReader positions, PositionHistory history) : ICommand
{
    private readonly PositionOverview overview = new(rpc, positions, history);

    /// <inheritdoc />
    public string Name => "position";

    /// <inheritdoc />
    public string Usage => "/position [address | label]";

    /// <inheritdoc />
    public string Summary => "your wallets: deposits, borrows, health, liquidation prices, last 24 h (or one label or address)";

    /// <inheritdoc />
    public string Example => "/position 0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count > 1)
        {
            return Reply.Error($"/position takes one address or one of your wallet labels at most: {Usage}.", Example);
        }

        var message = context.Message;
        var mine = await store.ListAsync(ChatPrivacy.Owner(message), cancellationToken).ConfigureAwait(false);
        var inPrivate = ChatPrivacy.IsPrivate(message);
        Address account;
        if (context.Arguments.Count == 1)
        {
            var typed = context.Arguments[0];
            if (!Address.TryParse(typed, out var parsed, out _))
            {
                var labelled = mine.Where(w => string.Equals(w.Label, typed, StringComparison.OrdinalIgnoreCase)).ToList();
                if (labelled.Count == 1)
                {
                    return await overview.ReplyAsync(labelled, await wallets.FindAsync(message, cancellationToken).ConfigureAwait(false), inPrivate, cancellationToken).ConfigureAwait(false);
                }

                return NotAnAddress(typed, mine);
            }

            account = parsed;
        }
        else if (mine.Count > 0)
        {
            return await overview.ReplyAsync(mine, await wallets.FindAsync(message, cancellationToken).ConfigureAwait(false), inPrivate, cancellationToken).ConfigureAwait(false);
        }
        else if (await wallets.FindAsync(message, cancellationToken) is { } linked)
        {
            account = linked;
        }
        else if (!inPrivate)
        {
            return Reply.Error("In a group the bot does not show your own wallet; ask /position in a private chat with the bot, or give an address.", Example);
        }
        else
        {
            return Reply.Error("No wallet is linked to you yet; give an address to look at, or prove one is yours with /link.", Example);
        }

        return await OneAddressAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Any address's position per market (the Previewer's view) and health factor, at one block.</summary>
    private async Task<Reply> OneAddressAsync(Address account, CancellationToken cancellationToken)
    {
        var (markets, health, block) = await reader.ReadAsync(account, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Position of {ReplyFormat.Short(account)} · block {block}\n"));
        var any = false;
        foreach (var s in markets.Where(s => !s.Deposit.IsZero || !s.Borrow.IsZero))
        {
            any = true;
            var m = s.Market;
            text.Append(CultureInfo.InvariantCulture, $"\n{m.Symbol}{(s.IsCollateral ? " (collateral)" : string.Empty)}\n");
            ReplyFormat.Line(text, "Deposit", ReplyFormat.Assets(s.Deposit, m));
            ReplyFormat.Line(text, "Borrow", ReplyFormat.Assets(s.Borrow, m));
            if (!s.Borrow.IsZero && s.Deposit > s.Borrow)
            {
                ReplyFormat.Line(text, "Leverage", ReplyFormat.Ratio(LeverageQuoter.RatioOf(s.Deposit, s.Borrow)));
            }
        }

        if (!any)
        {
            text.Append("\nNo deposits or borrows.\nExample: /leverage 3x USDC 100");
            return Reply.Plain(text.ToString());
        }

        text.Append('\n');
        ReplyFormat.Line(text, "Collateral", $"{ReplyFormat.Usd(health.Collateral)} USD (risk-adjusted)");
        ReplyFormat.Line(text, "Debt", $"{ReplyFormat.Usd(health.Debt)} USD (risk-adjusted)");
        ReplyFormat.Line(text, "Health factor", ReplyFormat.Health(health.Now));
        return Reply.Plain(text.ToString().TrimEnd('\n'));
    }

    /// <summary>The sentence for an argument that is neither an address nor one of the user's labels, with a command that works.</summary>
    private Reply NotAnAddress(string typed, IReadOnlyList<WatchedWallet> mine)
    {
        // Our own reason, not the parser's: its sentence quotes the whole input, however long.
        var reason = typed.Length == 42 && typed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && typed[2..].All(char.IsAsciiHexDigit)
            ? "its EIP-55 checksum is wrong; copy the address again"
            : "expected 0x followed by 40 hex digits";
        return mine.Count == 0
            ? Reply.Error($"'{UserText.Echo(typed)}' is not an address ({reason}).", Example)
            : Reply.Error(
                $"'{UserText.Echo(typed)}' is not an address ({reason}) nor one of your wallet labels ({string.Join(", ", mine.Select(w => UserText.Echo(w.Label)))}).",
                $"/position {mine[0].Label}");
    }
}
