using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/deleverage &lt;ratio&gt; &lt;ASSET | COLLATERAL/BORROW&gt; [withdraw &lt;amount | all&gt;]</c>: quote lowering a position's
/// leverage, optionally taking assets (or everything) back to the wallet.
/// </summary>
public sealed class DeleverageCommand(
    MarketCatalogue catalogue, DeleverageQuoter quoter, CrossAssetGate cross, WalletDirectory wallets, SigningLinks signing) : ICommand
{
    /// <inheritdoc />
    public string Name => "deleverage";

    /// <inheritdoc />
    public string Usage => "/deleverage <ratio> <ASSET | COLLATERAL/BORROW> [withdraw <amount | all>]";

    /// <inheritdoc />
    public string Summary => "quote repaying debt down to a ratio (1x repays everything), optionally withdrawing";

    /// <inheritdoc />
    public string Example => "/deleverage 1x USDC";

    /// <inheritdoc />
    public bool CreatesSigningSessions => true;

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Arguments;
        if (args.Count < 2 || args.Count > 4)
        {
            return Reply.Error($"/deleverage takes a ratio, an asset and optionally what to withdraw: {Usage}.", Example);
        }

        if (!RatioArgument.TryParse(args[0], out var ratio, out var ratioError))
        {
            return Reply.Error(ratioError, Example);
        }

        var (collateral, borrow, assetError) = await AssetArgument.ResolvePairAsync(catalogue, args[1], cancellationToken).ConfigureAwait(false);
        if (collateral is null || borrow is null)
        {
            return Reply.Error(assetError, Example);
        }

        var (withdraw, all, withdrawError) = Withdraw(args.Skip(2).ToList(), collateral, borrow, ratio);
        if (withdrawError is not null)
        {
            return withdrawError;
        }

        var account = await wallets.FindAsync(context.Message, cancellationToken);
        if (collateral != borrow)
        {
            return await cross.DeleverageAsync(context, account, collateral, borrow, ratio, withdraw, all, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await quoter.QuoteAsync(
            new DeleverageRequest(account ?? QuoteAccount.Nobody, collateral, ratio, withdraw, all), cancellationToken).ConfigureAwait(false);
        if (!outcome.IsSuccess)
        {
            var hint = account is null ? " Quotes for people with no linked wallet are for a new, empty account." : string.Empty;
            return RefusalText.Error(outcome, Example, hint: hint);
        }

        var quote = outcome.Value!;
        var text = Render(quote, account is not null);
        if (quote.Kind == DeleverageKind.MarketWithdraw)
        {
            // With no debt the DebtManager's deleverage reverts (PROTOCOL.md); the signing page builds DebtManager calls only.
            return Reply.Plain(text + "\nThere is no debt to repay, so this is a plain withdrawal from the market; the signing page does not offer it yet.");
        }

        var session = await signing.ForDeleverageAsync(context.Message.AsSessionOwner(), UserText.Echo(string.Join(' ', ["/deleverage", .. args])), quote, cancellationToken).ConfigureAwait(false);
        return SigningReply.WithSigningLink(text, session);
    }

    /// <summary>What to withdraw from the words after the asset (<c>[withdraw] amount|all</c>), or the reply that says what is wrong.</summary>
    private (BigInteger Withdraw, bool All, Reply? Error) Withdraw(List<string> rest, MarketInfo collateral, MarketInfo borrow, BigInteger ratio)
    {
        if (rest.Count > 0 && string.Equals(rest[0], "withdraw", StringComparison.OrdinalIgnoreCase))
        {
            rest.RemoveAt(0);
            if (rest.Count == 0)
            {
                return (default, false, Reply.Error("Say how much to withdraw after 'withdraw': an amount or all.", $"/deleverage 1x {collateral.Symbol} withdraw all"));
            }
        }

        if (rest.Count > 1)
        {
            return (default, false, Reply.Error($"/deleverage takes one withdraw amount at most: {Usage}.", Example));
        }

        var withdraw = BigInteger.Zero;
        var all = false;
        if (rest.Count == 1 && !AmountArgument.TryParse(rest[0], collateral, allowAll: true, out withdraw, out all, out var amountError))
        {
            // Ratio and assets as we read them, not as typed: the example stays short whatever the user wrote.
            var pair = collateral == borrow ? collateral.Symbol : $"{collateral.Symbol}/{borrow.Symbol}";
            return (default, false, Reply.Error(amountError, $"/deleverage {LeverageQuoter.FormatRatio(ratio)} {pair} withdraw 10"));
        }

        return (withdraw, all, null);
    }

    /// <summary>The quote as aligned lines, the same on every transport.</summary>
    internal static string Render(DeleverageQuote quote, bool forWallet)
    {
        var m = quote.Market;
        var text = new StringBuilder();
        var title = quote.WithdrawAll ? $"Close your {m.Symbol} position" : $"Deleverage {m.Symbol} to {ReplyFormat.Ratio(quote.Ratio)}";
        text.Append(title).Append(forWallet ? $" for {ReplyFormat.Short(quote.Account)}\n" : "\n");
        ReplyFormat.Line(text, "Repay", ReplyFormat.Assets(quote.Repay, m));
        ReplyFormat.Line(text, "To wallet", ReplyFormat.Assets(quote.ToWallet, m));
        ReplyFormat.Line(text, "Deposit", ReplyFormat.Assets(quote.DepositAfter, m), $"now {ReplyFormat.Amount(quote.DepositBefore, m)}");
        ReplyFormat.Line(text, "Borrow", ReplyFormat.Assets(quote.BorrowAfter, m), $"now {ReplyFormat.Amount(quote.BorrowBefore, m)}");
        ReplyFormat.Line(text, "Leverage", ReplyFormat.Ratio(quote.RatioAfter), $"now {ReplyFormat.Ratio(quote.RatioBefore)}");
        ReplyFormat.Line(text, "Health factor", ReplyFormat.Health(quote.HealthFactorAfter), $"now {ReplyFormat.Health(quote.HealthFactorBefore)}");
        if (quote.Kind == DeleverageKind.MarketWithdraw)
        {
            ReplyFormat.Line(text, "How", "a plain withdraw from the market (no debt to repay)");
        }
        else
        {
            ReplyFormat.Line(text, "Flash loan", $"{ReplyFormat.Assets(quote.Repay, m)} from Balancer ({(quote.VaultCovers ? "vault holds enough" : $"{quote.Loops} loops")})");
            if (quote.WithdrawAll)
            {
                ReplyFormat.Line(text, "Then", $"redeem the last {ReplyFormat.Assets(quote.Haircut, m)} left for interest");
            }
        }

        text.Append(ReplyFormat.Expiry(quote.Block, quote.ExpiresAt));
        return text.ToString();
    }
}
