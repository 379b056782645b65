using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Quotes cross-asset leverage and deleverage (0.2.15 DebtManager) from ONE Multicall3 <c>eth_call</c>: the preview, both
/// positions, prices, account liquidity, the configured pool fee and the pool's price at every standard fee tier (the pool
/// address is computed, so no second round trip is needed).
/// </summary>
public sealed class CrossQuoter(JsonRpcClient rpc, ProtocolDeployment deployment, DebtManagerProbe probe, TimeProvider time)
{
    /// <summary>Slippage the transaction's <c>sqrtPriceLimitX96</c> allows: 1 %, WAD.</summary>
    public static readonly BigInteger DefaultSlippage = Units.Wad / 100;

    /// <summary>Exactly's app floor after a cross-asset leverage: 1.03 when both are ETH-like, else 1.05.</summary>
    public static BigInteger MinHealthFactor(MarketInfo a, MarketInfo b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return IsEthLike(a) && IsEthLike(b) ? Units.Wad * 103 / 100 : Units.Wad * 105 / 100;
    }

    /// <summary>Quotes <c>crossLeverage</c> (<paramref name="deleverage"/> false, <paramref name="amount"/> = deposit) or
    /// <c>crossDeleverage</c> (true, <paramref name="amount"/> = withdraw).</summary>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public async Task<Outcome<CrossQuote>> QuoteAsync(
        Address account, MarketInfo collateral, MarketInfo borrow, BigInteger amount, BigInteger ratio, bool deleverage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collateral);
        ArgumentNullException.ThrowIfNull(borrow);
        var features = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
        var pair = $"{collateral.Symbol}/{borrow.Symbol}";
        QuoteRefusal Refusal(QuoteRefusalReason reason, BigInteger asked = default, BigInteger available = default) =>
            new(reason, collateral, asked, available) { Borrow = borrow, Amount = amount, IsDeleverage = deleverage };
        if (!features.CrossAsset || features.UniswapV3Factory is not { } factory)
        {
            return Outcome<CrossQuote>.Refuse(
                Refusal(QuoteRefusalReason.CrossAssetNotOffered),
                $"Cross-asset {(deleverage ? "deleverage" : "leverage")} ({pair}) is not offered by this deployment: its DebtManager has no cross-asset functions (removed in 0.2.16).");
        }

        var minHealthFactor = MinHealthFactor(collateral, borrow);
        var sharesMarket = deleverage ? collateral : borrow;
        var (token0, token1) = UniswapPool.IsToken0(collateral.Asset, borrow.Asset) ? (collateral.Asset, borrow.Asset) : (borrow.Asset, collateral.Asset);
        var preview = deleverage ? DebtPreviewerAbi.PreviewDeleverage : DebtPreviewerAbi.PreviewLeverage;
        var calls = new List<ContractCall>
        {
            new(deployment.DebtPreviewer, preview, collateral.Market, borrow.Market, account, amount, ratio, minHealthFactor),
            new(collateral.Market, MarketAbi.AccountSnapshot, account),
            new(borrow.Market, MarketAbi.AccountSnapshot, account),
            new(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
            new(deployment.Auditor, AuditorAbi.AccountMarkets, account),
            new(deployment.Auditor, AuditorAbi.AssetPrice, collateral.PriceFeed),
            new(deployment.Auditor, AuditorAbi.AssetPrice, borrow.PriceFeed),
            new(deployment.DebtPreviewer, DebtPreviewerAbi.PoolFees, token0, token1),
            new(sharesMarket.Market, MarketAbi.TotalSupply),
            new(sharesMarket.Market, MarketAbi.TotalAssets),
        };
        calls.AddRange(UniswapPool.FeeTiers.Select(fee => new ContractCall(UniswapPool.Compute(factory, token0, token1, fee), UniswapPool.Slot0)));
        var limits = calls.Count;
        calls.Add(new(collateral.Asset, Erc20Abi.TotalSupply));
        calls.Add(new(borrow.Market, MarketAbi.FloatingAssets));
        calls.Add(new(borrow.Market, MarketAbi.FloatingDebt));
        var reads = await rpc.ReadAsync(deployment.Multicall3, calls, cancellationToken).ConfigureAwait(false);

        var fee = reads[7].Success ? (int)reads[7].Get<BigInteger>() : 0;
        var tier = UniswapPool.FeeTiers.ToList().IndexOf(fee);
        if (fee == 0 || tier < 0 || !reads[10 + tier].Success)
        {
            return Outcome<CrossQuote>.Refuse(Refusal(QuoteRefusalReason.NoPool), $"There is no Uniswap pool configured for {pair}, so it cannot be swapped.");
        }

        var (depositBefore, borrowBefore) = (reads[1].Get<BigInteger>(0), reads[2].Get<BigInteger>(1));
        var health = new AccountHealth(reads[3].Get<BigInteger>(0), reads[3].Get<BigInteger>(1), reads[4].Get<BigInteger>());
        var (priceC, priceB) = (reads[5].Get<BigInteger>(), reads[6].Get<BigInteger>());
        var (supply, assets) = (reads[8].Get<BigInteger>(), reads[9].Get<BigInteger>());
        var sqrtPrice = reads[10 + tier].Get<BigInteger>(0);
        if (!reads[0].Success)
        {
            return deleverage
                ? Outcome<CrossQuote>.Refuse(Refusal(QuoteRefusalReason.NoPositionOrWithdrawTooLarge), $"There is no {pair} position to deleverage, or the withdraw is more than it allows.")
                : Outcome<CrossQuote>.Refuse(Refusal(QuoteRefusalReason.PreviewReverted), $"The protocol could not preview {pair} leverage.");
        }

        var limit = reads[0].Get<object?[]>();
        var (applied, borrowAfter, depositAfter, principal, maxRatio, swapRatio) =
            ((BigInteger)limit[0]!, (BigInteger)limit[1]!, (BigInteger)limit[2]!, (BigInteger)limit[3]!, (BigInteger)limit[4]!, (BigInteger)limit[5]!);
        if (deleverage && borrowBefore.IsZero)
        {
            return Outcome<CrossQuote>.Refuse(Refusal(QuoteRefusalReason.NoDebt), $"There is no {borrow.Symbol} debt against {collateral.Symbol} to deleverage.");
        }

        if (!deleverage)
        {
            if (principal.Sign <= 0)
            {
                return Outcome<CrossQuote>.Refuse(Refusal(QuoteRefusalReason.NothingToLeverage, ratio), "There is nothing to leverage yet: add an amount to deposit.");
            }

            // An amount no market could serve is refused, not quoted with a signing link: the collateral deposit against the
            // asset's supply, the borrow against what the borrow market holds to lend (nothing of this quote is deposited there).
            if (reads[limits].Success && reads[limits + 1].Success && reads[limits + 2].Success && QuoteRefusal.Check(
                    collateral, depositAfter - depositBefore, reads[limits].Get<BigInteger>(),
                    borrow, borrowAfter - borrowBefore, reads[limits + 1].Get<BigInteger>() - reads[limits + 2].Get<BigInteger>()) is { } refusal)
            {
                return Outcome<CrossQuote>.Refuse(refusal);
            }

            if (ratio > maxRatio)
            {
                var max = LeverageQuoter.FormatRatio(maxRatio, floor: true);
                return Outcome<CrossQuote>.Refuse(
                    Refusal(QuoteRefusalReason.RatioAboveMax, ratio, maxRatio),
                    $"{LeverageQuoter.FormatRatio(ratio)} is above the maximum of {max} for {pair} (health factor floor {Units.Format(minHealthFactor, 18, 2)}).");
            }

            if (applied != ratio)
            {
                return Outcome<CrossQuote>.Refuse(
                    Refusal(QuoteRefusalReason.LeverageWouldLower, ratio), $"Your {pair} position is already above {LeverageQuoter.FormatRatio(ratio)}; lowering it is a deleverage.");
            }
        }

        var (swapIn, swapOut) = deleverage
            ? (depositBefore - amount - depositAfter, borrowBefore - borrowAfter)
            : (borrowAfter - borrowBefore, depositAfter - depositBefore - amount);
        var after = health.With(collateral, priceC, depositBefore, BigInteger.Zero, depositAfter, BigInteger.Zero)
            .With(borrow, priceB, BigInteger.Zero, borrowBefore, BigInteger.Zero, borrowAfter);
        var debtB = HealthFactor.DebtValue(borrowAfter, priceB, borrow.BaseUnit, borrow.AdjustFactor);
        var debtOther = after.Debt - debtB;
        var stressed = HealthFactor.Of(after.Collateral, debtOther + (debtB * 11 / 10));
        var liquidation = debtB.IsZero ? BigInteger.Zero : priceB * (after.Collateral - debtOther) / debtB * Units.Wad / priceC;
        var zeroForOne = deleverage ? collateral.Asset == token0 : borrow.Asset == token0;
        var shareAssets = (swapIn * 10_001 / 10_000) + (deleverage ? amount : BigInteger.Zero);
        var shares = (assets.IsZero ? shareAssets : ((shareAssets * supply) + assets - 1) / assets) + 1;
        return Outcome<CrossQuote>.Ok(new CrossQuote(
            deleverage, collateral, borrow, account, amount, applied, fee, UniswapPool.Compute(factory, token0, token1, fee), sqrtPrice,
            Limit(sqrtPrice, deleverage, collateral, priceC, borrow, priceB), DefaultSlippage,
            depositBefore, depositAfter, borrowBefore, borrowAfter, swapIn, swapOut, swapRatio - Units.Wad, maxRatio, minHealthFactor,
            health.Now, after.Now, stressed, liquidation, priceC, priceB, !deleverage && !health.Entered(collateral), shares,
            reads.Block, time.GetUtcNow() + LeverageQuoter.Validity));
    }

    /// <summary>The swap's price limit: <see cref="DefaultSlippage"/> from the pool's price and from the oracle's, the tighter.</summary>
    internal static BigInteger Limit(BigInteger sqrtPriceX96, bool deleverage, MarketInfo collateral, BigInteger collateralPrice, MarketInfo borrow, BigInteger borrowPrice)
    {
        var (c, b) = (new MarketAsset(collateral.Asset, collateralPrice, collateral.Decimals), new MarketAsset(borrow.Asset, borrowPrice, borrow.Decimals));
        // Leverage borrows and sells the borrow asset for collateral; deleverage sells collateral to repay the borrow.
        return deleverage ? UniswapPool.OracleBoundedLimit(sqrtPriceX96, c, b, DefaultSlippage) : UniswapPool.OracleBoundedLimit(sqrtPriceX96, b, c, DefaultSlippage);
    }

    private static bool IsEthLike(MarketInfo market) => market.Symbol.Contains("ETH", StringComparison.OrdinalIgnoreCase);
}
