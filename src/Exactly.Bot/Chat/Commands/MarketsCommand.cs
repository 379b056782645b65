using System.Globalization;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/markets</c>: every market the Auditor lists, with price, adjust factor, rates, liquidity and max leverage.</summary>
public sealed class MarketsCommand(MarketReader reader) : ICommand
{
    /// <inheritdoc />
    public string Name => "markets";

    /// <inheritdoc />
    public string Usage => "/markets";

    /// <inheritdoc />
    public string Summary => "assets, prices, adjust factors, deposit and borrow APR, liquidity, max leverage";

    /// <inheritdoc />
    public string Example => "/markets";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Count > 0)
        {
            return Reply.Error("/markets takes no arguments.", Example);
        }

        var (markets, _, block) = await reader.ReadAsync(QuoteAccount.Nobody, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Markets · block {block}\n"));
        foreach (var s in markets)
        {
            var m = s.Market;
            text.Append(CultureInfo.InvariantCulture, $"\n{m.Symbol}\n");
            ReplyFormat.Line(text, "Price", $"{ReplyFormat.Usd(s.Price)} USD");
            ReplyFormat.Line(text, "Adjust factor", Units.Format(m.AdjustFactor, 18, 2));
            ReplyFormat.Line(text, "Deposit APR", Apr(s.DepositApr, s.DepositRewardsApr));
            ReplyFormat.Line(text, "Borrow APR", Apr(s.BorrowApr, s.BorrowRewardsApr, rewardsReduce: true));
            ReplyFormat.Line(text, "Liquidity", ReplyFormat.Assets(s.Liquidity, m));
            ReplyFormat.Line(text, "Max leverage", $"{LeverageQuoter.FormatRatio(s.MaxLeverage, floor: true)} (health factor 1.02)");
        }

        text.Append("\nExample: /leverage 3x USDC 100");
        return Reply.Plain(text.ToString());
    }

    private static string Apr(System.Numerics.BigInteger rate, System.Numerics.BigInteger rewards, bool rewardsReduce = false) =>
        rewards.IsZero
            ? ReplyFormat.Percent(rate)
            : $"{ReplyFormat.Percent(rate)} {(rewardsReduce ? "−" : "+")} {ReplyFormat.Percent(rewards)} rewards";
}
