using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/leverage &lt;ratio&gt; &lt;ASSET&gt; [amount]</c>: quote same-asset leverage and hand off a signing link.</summary>
public sealed class LeverageCommand(
    MarketCatalogue catalogue, LeverageQuoter quoter, WalletDirectory wallets, SigningLinks signing, CrossAssetGate cross) : ICommand
{
    /// <inheritdoc />
    public string Name => "leverage";

    /// <inheritdoc />
    public string Usage => "/leverage <ratio> <ASSET> [amount]";

    /// <inheritdoc />
    public string Summary => "quote a leveraged deposit (deposit, borrow, health factor) and get a link to sign it; COLLATERAL/BORROW for cross asset";

    /// <inheritdoc />
    public string Example => "/leverage 3x USDC 100";

    /// <inheritdoc />
    public bool CreatesSigningSessions => true;

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Arguments;
        if (args.Count == 0)
        {
            return Reply.Error($"/leverage needs a ratio and an asset: {Usage}.", Example);
        }

        if (!RatioArgument.TryParse(args[0], out var ratio, out var ratioError))
        {
            return Reply.Error(ratioError, Example);
        }

        if (args.Count is < 2 or > 3)
        {
            return Reply.Error($"/leverage takes a ratio, an asset and optionally an amount: {Usage}.", Example);
        }

        var (market, borrow, assetError) = await AssetArgument.ResolvePairAsync(catalogue, args[1], cancellationToken);
        if (market is null || borrow is null)
        {
            return Reply.Error(assetError, Example);
        }

        var added = BigInteger.Zero;
        if (args.Count == 3 && !AmountArgument.TryParse(args[2], market, allowAll: false, out added, out _, out var amountError))
        {
            // The ratio as we read it, not as typed: the example stays short whatever the user wrote.
            return Reply.Error(amountError, $"/leverage {LeverageQuoter.FormatRatio(ratio)} {market.Symbol} 100");
        }

        if (market != borrow)
        {
            return await cross.LeverageAsync(context, UserText.Echo(string.Join(' ', ["/leverage", .. args])), await wallets.FindAsync(context.Message, cancellationToken), market, borrow, added, ratio, cancellationToken);
        }

        var account = await wallets.FindAsync(context.Message, cancellationToken);
        var outcome = await quoter.QuoteAsync(account ?? QuoteAccount.Nobody, market, added, ratio, cancellationToken);
        if (!outcome.IsSuccess)
        {
            return RefusalText.Error(outcome, Example, sizeExample: $"/leverage {LeverageQuoter.FormatRatio(ratio)} {market.Symbol} 100");
        }

        var quote = outcome.Value!;
        // The command is kept with the session and echoed in its outcome ("ask again: …"), so it goes through the echo rule too.
        var session = await signing.ForLeverageAsync(context.Message.AsSessionOwner(), UserText.Echo(string.Join(' ', ["/leverage", .. args])), quote, cancellationToken);
        return SigningReply.WithSigningLink(Render(quote, account is not null), session);
    }

    /// <summary>The quote as aligned lines, the same on every transport.</summary>
    internal static string Render(LeverageQuote quote, bool forWallet)
    {
        var m = quote.Market;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Leverage {m.Symbol} to {LeverageQuoter.FormatRatio(quote.RatioAfter)}");
        text.Append(forWallet ? $" for {ReplyFormat.Short(quote.Account)}" : " (for a new position; link a wallet to quote yours)");
        text.Append('\n');
        ReplyFormat.Line(text, "From wallet", $"{ReplyFormat.Amount(quote.Added, m)} {m.Symbol}");
        ReplyFormat.Line(text, "Deposit", $"{ReplyFormat.Amount(quote.DepositAfter, m)} {m.Symbol}", $"now {ReplyFormat.Amount(quote.DepositBefore, m)}");
        ReplyFormat.Line(text, "Borrow", $"{ReplyFormat.Amount(quote.BorrowAfter, m)} {m.Symbol}", $"now {ReplyFormat.Amount(quote.BorrowBefore, m)}");
        ReplyFormat.Line(text, "Leverage", LeverageQuoter.FormatRatio(quote.RatioAfter), $"now {(quote.RatioBefore.IsZero ? "none" : LeverageQuoter.FormatRatio(quote.RatioBefore))}");
        ReplyFormat.Line(text, "Health factor", ReplyFormat.Health(quote.HealthFactorAfter), $"now {ReplyFormat.Health(quote.HealthFactorBefore)}");
        ReplyFormat.Line(text, "Max ratio", $"{LeverageQuoter.FormatRatio(quote.MaxRatio, floor: true)} (health factor {Units.Format(quote.MinHealthFactor, 18, 2)})");
        ReplyFormat.Line(text, "Price", $"{Units.Format(quote.Price, 18, 2)} USD per {m.Symbol}");
        if (quote.NetApr is { } netApr && quote.Rates is { } rates)
        {
            ReplyFormat.Line(text, "Net APR", $"{ReplyFormat.Percent(netApr)} on your principal", $"deposit {ReplyFormat.Percent(rates.DepositApr + rates.DepositRewardsApr)}, borrow {ReplyFormat.Percent(rates.BorrowApr - rates.BorrowRewardsApr)} at today's rates");
        }

        if (!quote.FlashLoan.IsZero)
        {
            ReplyFormat.Line(text, "Flash loan", $"{ReplyFormat.Amount(quote.FlashLoan, m)} {m.Symbol} from Balancer ({(quote.FlashLoan <= quote.VaultLiquidity ? "vault holds enough" : "vault short: several loops")})");
        }

        ReplyFormat.Line(text, "Quoted at", $"block {quote.Block}");

        return text.ToString();
    }
}
