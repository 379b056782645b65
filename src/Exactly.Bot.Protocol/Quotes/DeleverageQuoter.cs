using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Quotes same-asset deleverage (optionally with a withdraw, or a complete exit) from ONE Multicall3 <c>eth_call</c> at one
/// block. Knows the DebtManager's edges (PROTOCOL.md): with no debt <c>deleverage</c> reverts, so the quote is a plain Market
/// withdraw; withdrawing the exact principal reverts once interest accrues, so a withdraw-all leaves a haircut for a final redeem.
/// </summary>
public sealed class DeleverageQuoter(JsonRpcClient rpc, ProtocolDeployment deployment, DebtManagerProbe probe, TimeProvider time)
{
    /// <summary>Interest margin on the share allowance and the withdraw-all haircut: 1 bp.</summary>
    public static readonly BigInteger MarginBasisPoints = 1;

    /// <summary>Quotes <paramref name="request"/>.</summary>
    /// <returns>The quote, or a sentence (no position, nothing to repay, ratio not lower, withdraw above the principal).</returns>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public async Task<Outcome<DeleverageQuote>> QuoteAsync(DeleverageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ratio = request.WithdrawAll ? Units.Wad : request.Ratio;
        if (ratio < Units.Wad)
        {
            return Refuse(request, QuoteRefusalReason.RatioBelowOne, "The leverage ratio must be at least 1x (1x repays all debt).", ratio);
        }

        var features = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
        var read = await ReadAsync(request, ratio, features, cancellationToken).ConfigureAwait(false);
        var (market, deposit, debt) = (request.Market, read.Deposit, read.Debt);
        var principal = deposit - debt;
        var ratioBefore = LeverageQuoter.RatioOf(deposit, debt);
        var symbol = market.Symbol;
        if (deposit.IsZero && debt.IsZero)
        {
            return Refuse(request, QuoteRefusalReason.NoPosition, $"There is no {symbol} position to deleverage for this wallet.");
        }

        if (principal.Sign <= 0)
        {
            return Refuse(request, QuoteRefusalReason.Underwater, $"This {symbol} position owes more than it holds in {symbol}; a same-asset deleverage cannot repay it.");
        }

        var withdraw = request.WithdrawAll ? principal : request.Withdraw;
        if (withdraw > principal)
        {
            return Refuse(request, QuoteRefusalReason.WithdrawAbovePrincipal, $"You can withdraw at most {AmountText(market, principal)} {symbol} (deposit minus debt).", withdraw, principal);
        }

        if (debt.IsZero)
        {
            // deleverage with no debt divides by zero (loop count 0): a plain Market.withdraw / redeem does it.
            return withdraw.IsZero
                ? Refuse(request, QuoteRefusalReason.NothingToRepay, $"Your {symbol} deposit has no debt to repay, so there is nothing to deleverage.")
                : Outcome<DeleverageQuote>.Ok(MarketWithdraw(request, read, withdraw, ratioBefore));
        }

        if (ratio >= ratioBefore && withdraw.IsZero)
        {
            // The chat adds how to raise it (its command); the protocol only says why this is no deleverage.
            return Refuse(request, QuoteRefusalReason.DeleverageNotLower, $"Your {symbol} position is at {LeverageQuoter.FormatRatio(ratioBefore)}; a deleverage must go lower.", ratio, ratioBefore);
        }

        return read.Preview is null
            ? Refuse(request, QuoteRefusalReason.WithdrawRefused, $"The protocol refused to preview this: withdrawing {AmountText(market, withdraw)} {symbol} is more than the position allows.", withdraw)
            : Outcome<DeleverageQuote>.Ok(ThroughDebtManager(request, read, withdraw, ratioBefore));
    }

    private static Outcome<DeleverageQuote> Refuse(DeleverageRequest request, QuoteRefusalReason reason, string sentence, BigInteger asked = default, BigInteger available = default) =>
        Outcome<DeleverageQuote>.Refuse(new QuoteRefusal(reason, request.Market, asked, available) { Amount = request.Withdraw, IsDeleverage = true }, sentence);

    private static string AmountText(MarketInfo market, BigInteger amount) => Units.Format(amount, market.Decimals, Math.Min((int)market.Decimals, 6));

    /// <summary>The position, prices and the DebtPreviewer's answer, from ONE Multicall3 <c>eth_call</c> at one block.</summary>
    private async Task<Reads> ReadAsync(DeleverageRequest request, BigInteger ratio, DebtManagerFeatures features, CancellationToken cancellationToken)
    {
        var (account, market) = (request.Account, request.Market);
        // "All" is previewed as a deleverage to 1x without a withdraw: the deposit left IS the principal to take out.
        var previewWithdraw = request.WithdrawAll ? BigInteger.Zero : request.Withdraw;
        var reads = await rpc.ReadAsync(
            deployment.Multicall3,
            [
                new ContractCall(market.Market, MarketAbi.AccountSnapshot, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountMarkets, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AssetPrice, market.PriceFeed),
                new ContractCall(market.Asset, Erc20Abi.BalanceOf, features.BalancerVault),
                new ContractCall(deployment.DebtPreviewer, DebtPreviewerAbi.PreviewDeleverage, market.Market, market.Market, account, previewWithdraw, ratio, LeverageQuoter.SameAssetMinHealthFactor),
                new ContractCall(market.Market, MarketAbi.TotalSupply),
                new ContractCall(market.Market, MarketAbi.TotalAssets),
            ],
            cancellationToken).ConfigureAwait(false);
        return new Reads(
            reads[0].Get<BigInteger>(0), reads[0].Get<BigInteger>(1),
            new AccountHealth(reads[1].Get<BigInteger>(0), reads[1].Get<BigInteger>(1), reads[2].Get<BigInteger>()),
            reads[3].Get<BigInteger>(), reads[4].Success ? reads[4].Get<BigInteger>() : BigInteger.Zero,
            reads[5].Success ? reads[5].Get<object?[]>() : null,
            reads[6].Get<BigInteger>(), reads[7].Get<BigInteger>(), reads.Block, reads.Timestamp, features);
    }

    /// <summary>No debt: a plain <c>Market.withdraw</c> (or a redeem of everything) does it.</summary>
    private DeleverageQuote MarketWithdraw(DeleverageRequest request, Reads read, BigInteger withdraw, BigInteger ratioBefore)
    {
        var (market, deposit, debt) = (request.Market, read.Deposit, read.Debt);
        var left = request.WithdrawAll ? BigInteger.Zero : deposit - withdraw;
        return new DeleverageQuote(
            market, request.Account, DeleverageKind.MarketWithdraw, Units.Wad, withdraw, request.WithdrawAll, BigInteger.Zero,
            deposit, debt, left, BigInteger.Zero, BigInteger.Zero, withdraw, BigInteger.Zero, ratioBefore, left.IsZero ? BigInteger.Zero : Units.Wad,
            read.Health.Now, read.Health.With(market, read.Price, deposit, debt, left, BigInteger.Zero).Now, read.Price, read.Vault,
            read.Block, read.Timestamp, time.GetUtcNow() + LeverageQuoter.Validity, read.Features);
    }

    /// <summary>The DebtManager's <c>deleverage</c> as previewed: what it repays, the share allowance it needs, and the position after.</summary>
    private DeleverageQuote ThroughDebtManager(DeleverageRequest request, Reads read, BigInteger withdraw, BigInteger ratioBefore)
    {
        var (market, deposit, debt, limit) = (request.Market, read.Deposit, read.Debt, read.Preview!);
        var (applied, borrowAfter, depositAfter) = ((BigInteger)limit[0]!, (BigInteger)limit[1]!, (BigInteger)limit[2]!);
        var repay = debt - borrowAfter;
        var haircut = BigInteger.Zero;
        var toWallet = withdraw;
        if (request.WithdrawAll)
        {
            // depositAfter here is the principal left at 1x; take it all but a haircut, then redeem the rest.
            haircut = BigInteger.Max(depositAfter * MarginBasisPoints / 10_000, BigInteger.One);
            withdraw = BigInteger.Max(depositAfter - haircut, BigInteger.Zero);
            toWallet = depositAfter;
            depositAfter = BigInteger.Zero;
        }

        var shareAssets = (repay * (10_000 + MarginBasisPoints) / 10_000) + withdraw;
        var loops = repay.IsZero || read.Vault.IsZero ? BigInteger.One : ((repay - 1) / read.Vault) + 1;
        var shares = (read.Assets.IsZero ? shareAssets : DivUp(shareAssets * read.Supply, read.Assets)) + loops + (withdraw.IsZero ? 0 : 1);
        var after = read.Health.With(market, read.Price, deposit, debt, depositAfter, borrowAfter);
        return new DeleverageQuote(
            market, request.Account, DeleverageKind.DebtManager, applied, withdraw, request.WithdrawAll, haircut,
            deposit, debt, depositAfter, borrowAfter, repay, toWallet, shares, ratioBefore,
            LeverageQuoter.RatioOf(depositAfter, borrowAfter), read.Health.Now, after.Now, read.Price, read.Vault,
            read.Block, read.Timestamp, time.GetUtcNow() + LeverageQuoter.Validity, read.Features);
    }

    private static BigInteger DivUp(BigInteger a, BigInteger b) => a.IsZero ? BigInteger.Zero : ((a - 1) / b) + 1;

    /// <summary>What one Multicall3 read returned; <see cref="Preview"/> is null when the DebtPreviewer refused (reverted).</summary>
    private sealed record Reads(
        BigInteger Deposit, BigInteger Debt, AccountHealth Health, BigInteger Price, BigInteger Vault, object?[]? Preview,
        BigInteger Supply, BigInteger Assets, long Block, long Timestamp, DebtManagerFeatures Features);
}
