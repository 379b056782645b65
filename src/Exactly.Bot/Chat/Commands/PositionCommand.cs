using System.Globalization;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/position [address]</c>: deposits, borrows, leverage per market and the health factor of a wallet.</summary>
public sealed class PositionCommand(MarketReader reader, WalletDirectory wallets) : ICommand
{
    /// <inheritdoc />
    public string Name => "position";

    /// <inheritdoc />
    public string Usage => "/position [address]";

    /// <inheritdoc />
    public string Summary => "your deposits, borrows, leverage and health factor (or any address's)";

    /// <inheritdoc />
    public string Example => "/position 0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Address account;
        if (context.Arguments.Count > 1)
        {
            return Reply.Error($"/position takes one address at most: {Usage}.", Example);
        }

        if (context.Arguments.Count == 1)
        {
            var typed = context.Arguments[0];
            if (!Address.TryParse(typed, out var parsed, out _))
            {
                // Our own reason, not the parser's: its sentence quotes the whole input, however long.
                var reason = typed.Length == 42 && typed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && typed[2..].All(char.IsAsciiHexDigit)
                    ? "its EIP-55 checksum is wrong; copy the address again"
                    : "expected 0x followed by 40 hex digits";
                return Reply.Error($"'{UserText.Echo(typed)}' is not an address ({reason}).", Example);
            }

            account = parsed;
        }
        else if (await wallets.FindAsync(context.Message, cancellationToken) is { } linked)
        {
            account = linked;
        }
        else if (!ChatPrivacy.IsPrivate(context.Message))
        {
            return Reply.Error("In a group the bot does not show your own wallet; ask /position in a private chat with the bot, or give an address.", Example);
        }
        else
        {
            return Reply.Error("No wallet is linked to you yet; give an address to look at, or prove one is yours with /link.", Example);
        }

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
}
