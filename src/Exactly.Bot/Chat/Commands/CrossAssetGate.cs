using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// The cross-asset path shared by <c>/leverage C/B</c>, <c>/short</c>, <c>/long</c> and <c>/deleverage C/B</c>: quotes through
/// <see cref="CrossQuoter"/>, which refuses with a clear sentence when the configured DebtManager has no cross-asset functions
/// (0.2.16+), and hands off a signing link like the same-asset commands (the page plans the 0.2.15 permit overloads).
/// </summary>
public sealed class CrossAssetGate(CrossQuoter quoter, SigningLinks signing)
{
    /// <summary>Quotes a cross-asset leverage of <paramref name="collateral"/> borrowing <paramref name="borrow"/>, with a signing link.</summary>
    /// <param name="context">The chat message (the session is bound to its user and chat).</param>
    /// <param name="command">The command line as typed, kept with the session.</param>
    /// <param name="account">The linked wallet, or null (then the quote is for a new account and any wallet may sign).</param>
    /// <param name="collateral">marketIn.</param>
    /// <param name="borrow">marketOut.</param>
    /// <param name="deposit">From the wallet, collateral decimals.</param>
    /// <param name="ratio">Target ratio, WAD.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Reply> LeverageAsync(
        CommandContext context, string command, Address? account, MarketInfo collateral, MarketInfo borrow, BigInteger deposit, BigInteger ratio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await quoter.QuoteAsync(account ?? QuoteAccount.Nobody, collateral, borrow, deposit, ratio, deleverage: false, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? await WithLinkAsync(context, command, outcome.Value!, account is not null, cancellationToken).ConfigureAwait(false)
            : RefusalText.Error(outcome, "/leverage 2x USDC/WETH 1000", sizeExample: $"/leverage 2x {collateral.Symbol}/{borrow.Symbol} 100");
    }

    /// <summary>Quotes a cross-asset deleverage (with an optional withdraw of collateral).</summary>
    public async Task<Reply> DeleverageAsync(
        CommandContext context, Address? account, MarketInfo collateral, MarketInfo borrow, BigInteger ratio, BigInteger withdraw, bool all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (all)
        {
            return Reply.Error("Withdrawing everything from a cross-asset position is two steps: deleverage to 1x first, then withdraw.", $"/deleverage 1x {collateral.Symbol}/{borrow.Symbol}");
        }

        var outcome = await quoter.QuoteAsync(account ?? QuoteAccount.Nobody, collateral, borrow, withdraw, ratio, deleverage: true, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? await WithLinkAsync(context, UserText.Echo(string.Join(' ', ["/deleverage", .. context.Arguments])), outcome.Value!, account is not null, cancellationToken).ConfigureAwait(false)
            : RefusalText.Error(outcome, "/markets");
    }

    private async Task<Reply> WithLinkAsync(CommandContext context, string command, CrossQuote quote, bool forWallet, CancellationToken cancellationToken)
    {
        var session = await signing.ForCrossAsync(context.Message.AsSessionOwner(), command, quote, cancellationToken).ConfigureAwait(false);
        return SigningReply.WithSigningLink(Render(quote, forWallet), session);
    }

    /// <summary>The quote as aligned lines, the same on every transport.</summary>
    internal static string Render(CrossQuote q, bool forWallet)
    {
        var (c, b) = (q.Collateral, q.Borrow);
        var text = new StringBuilder(q.IsDeleverage
            ? $"Deleverage {c.Symbol}/{b.Symbol} to {ReplyFormat.Ratio(q.Ratio)}"
            : $"Deposit {c.Symbol}, borrow {b.Symbol} at {ReplyFormat.Ratio(q.Ratio)}");
        text.Append(forWallet ? $" for {ReplyFormat.Short(q.Account)}\n" : "\n");
        ReplyFormat.Line(text, q.IsDeleverage ? "To wallet" : "From wallet", ReplyFormat.Assets(q.Amount, c));
        ReplyFormat.Line(text, "Deposit", ReplyFormat.Assets(q.DepositAfter, c), $"now {ReplyFormat.Amount(q.DepositBefore, c)}");
        ReplyFormat.Line(text, "Borrow", ReplyFormat.Assets(q.BorrowAfter, b), $"now {ReplyFormat.Amount(q.BorrowBefore, b)}");
        var (sold, got) = q.IsDeleverage ? (c, b) : (b, c);
        ReplyFormat.Line(text, "Swap", $"{ReplyFormat.Assets(q.SwapIn, sold)} → {ReplyFormat.Assets(q.SwapOut, got)}");
        ReplyFormat.Line(text, "Pool fee", $"{Units.Format(q.Fee, 4, 2)}%, cost vs oracle {ReplyFormat.Percent(q.SwapCost)}");
        ReplyFormat.Line(text, "Price limit", $"sqrtPriceX96 {q.SqrtPriceLimitX96} ({ReplyFormat.Percent(q.Slippage)} slippage)");
        ReplyFormat.Line(text, "Health factor", ReplyFormat.Health(q.HealthFactorAfter), $"now {ReplyFormat.Health(q.HealthFactorBefore)}");
        if (!q.IsDeleverage)
        {
            ReplyFormat.Line(text, "Max ratio", $"{LeverageQuoter.FormatRatio(q.MaxRatio, floor: true)} (health factor {Units.Format(q.MinHealthFactor, 18, 2)})");
        }

        if (q.HealthFactorIfBorrowUp10 is { } stressed)
        {
            ReplyFormat.Line(text, "Stress", $"if {b.Symbol} rises 10%: health factor {ReplyFormat.Health(stressed)}");
            ReplyFormat.Line(text, "Liquidation", $"at {Units.Format(q.LiquidationPrice, 18, 6)} {c.Symbol} per {b.Symbol} (now {Units.Format(q.BorrowPrice * Units.Wad / q.CollateralPrice, 18, 6)})");
        }

        if (q.NeedsEnterMarket)
        {
            ReplyFormat.Line(text, "First", $"enable {c.Symbol} as collateral (Auditor.enterMarket, one extra transaction)");
        }

        text.Append(ReplyFormat.Expiry(q.Block, q.ExpiresAt));
        return text.ToString();
    }
}
