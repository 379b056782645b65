using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;

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
        var (account, market) = (request.Account, request.Market);
        var ratio = request.WithdrawAll ? Units.Wad : request.Ratio;
        QuoteRefusal Refusal(QuoteRefusalReason reason, BigInteger asked = default, BigInteger available = default) =>
            new(reason, market, asked, available) { Amount = request.Withdraw, IsDeleverage = true };
        if (ratio < Units.Wad)
        {
            return Outcome<DeleverageQuote>.Refuse(Refusal(QuoteRefusalReason.RatioBelowOne, ratio), "The leverage ratio must be at least 1x (1x repays all debt).");
        }

        var features = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
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

        var (deposit, debt) = (reads[0].Get<BigInteger>(0), reads[0].Get<BigInteger>(1));
        var health = new AccountHealth(reads[1].Get<BigInteger>(0), reads[1].Get<BigInteger>(1), reads[2].Get<BigInteger>());
        var price = reads[3].Get<BigInteger>();
        var vault = reads[4].Success ? reads[4].Get<BigInteger>() : BigInteger.Zero;
        var (supply, assets) = (reads[6].Get<BigInteger>(), reads[7].Get<BigInteger>());
        var principal = deposit - debt;
        var ratioBefore = LeverageQuoter.RatioOf(deposit, debt);
        var symbol = market.Symbol;
        var amountText = (BigInteger a) => Units.Format(a, market.Decimals, Math.Min((int)market.Decimals, 6));

        if (deposit.IsZero && debt.IsZero)
        {
            return Outcome<DeleverageQuote>.Refuse(Refusal(QuoteRefusalReason.NoPosition), $"There is no {symbol} position to deleverage for this wallet.");
        }

        if (principal.Sign <= 0)
        {
            return Outcome<DeleverageQuote>.Refuse(
                Refusal(QuoteRefusalReason.Underwater), $"This {symbol} position owes more than it holds in {symbol}; a same-asset deleverage cannot repay it.");
        }

        var withdraw = request.WithdrawAll ? principal : request.Withdraw;
        if (withdraw > principal)
        {
            return Outcome<DeleverageQuote>.Refuse(
                Refusal(QuoteRefusalReason.WithdrawAbovePrincipal, withdraw, principal), $"You can withdraw at most {amountText(principal)} {symbol} (deposit minus debt).");
        }

        if (debt.IsZero)
        {
            // deleverage with no debt divides by zero (loop count 0): a plain Market.withdraw / redeem does it.
            if (withdraw.IsZero)
            {
                return Outcome<DeleverageQuote>.Refuse(
                    Refusal(QuoteRefusalReason.NothingToRepay), $"Your {symbol} deposit has no debt to repay, so there is nothing to deleverage.");
            }

            var left = request.WithdrawAll ? BigInteger.Zero : deposit - withdraw;
            return Outcome<DeleverageQuote>.Ok(new DeleverageQuote(
                market, account, DeleverageKind.MarketWithdraw, Units.Wad, withdraw, request.WithdrawAll, BigInteger.Zero,
                deposit, debt, left, BigInteger.Zero, BigInteger.Zero, withdraw, BigInteger.Zero, ratioBefore, left.IsZero ? BigInteger.Zero : Units.Wad,
                health.Now, health.With(market, price, deposit, debt, left, BigInteger.Zero).Now, price, vault,
                reads.Block, reads.Timestamp, time.GetUtcNow() + LeverageQuoter.Validity, features));
        }

        if (ratio >= ratioBefore && withdraw.IsZero)
        {
            // The chat adds how to raise it (its command); the protocol only says why this is no deleverage.
            return Outcome<DeleverageQuote>.Refuse(
                Refusal(QuoteRefusalReason.DeleverageNotLower, ratio, ratioBefore),
                $"Your {symbol} position is at {LeverageQuoter.FormatRatio(ratioBefore)}; a deleverage must go lower.");
        }

        if (!reads[5].Success)
        {
            return Outcome<DeleverageQuote>.Refuse(
                Refusal(QuoteRefusalReason.WithdrawRefused, withdraw),
                $"The protocol refused to preview this: withdrawing {amountText(withdraw)} {symbol} is more than the position allows.");
        }

        var limit = reads[5].Get<object?[]>();
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
        var loops = repay.IsZero || vault.IsZero ? BigInteger.One : ((repay - 1) / vault) + 1;
        var shares = (assets.IsZero ? shareAssets : DivUp(shareAssets * supply, assets)) + loops + (withdraw.IsZero ? 0 : 1);
        var after = health.With(market, price, deposit, debt, depositAfter, borrowAfter);
        return Outcome<DeleverageQuote>.Ok(new DeleverageQuote(
            market, account, DeleverageKind.DebtManager, applied, withdraw, request.WithdrawAll, haircut,
            deposit, debt, depositAfter, borrowAfter, repay, toWallet, shares, ratioBefore,
            LeverageQuoter.RatioOf(depositAfter, borrowAfter), health.Now, after.Now, price, vault,
            reads.Block, reads.Timestamp, time.GetUtcNow() + LeverageQuoter.Validity, features));
    }

    private static BigInteger DivUp(BigInteger a, BigInteger b) => a.IsZero ? BigInteger.Zero : ((a - 1) / b) + 1;
}
