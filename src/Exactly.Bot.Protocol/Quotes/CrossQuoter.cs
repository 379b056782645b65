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
        var ask = new Ask(account, collateral, borrow, amount, ratio, deleverage);
        var features = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!features.CrossAsset || features.UniswapV3Factory is not { } factory)
        {
            return Outcome<CrossQuote>.Refuse(
                ask.Refusal(QuoteRefusalReason.CrossAssetNotOffered),
                $"Cross-asset {(deleverage ? "deleverage" : "leverage")} ({ask.Pair}) is not offered by this deployment: its DebtManager has no cross-asset functions (removed in 0.2.16).");
        }

        var minHealthFactor = MinHealthFactor(collateral, borrow);
        var (token0, token1) = UniswapPool.IsToken0(collateral.Asset, borrow.Asset) ? (collateral.Asset, borrow.Asset) : (borrow.Asset, collateral.Asset);
        var (calls, limits) = Calls(ask, minHealthFactor, factory, token0, token1);
        var reads = await rpc.ReadAsync(deployment.Multicall3, calls, cancellationToken).ConfigureAwait(false);
        var fee = reads[7].Success ? (int)reads[7].Get<BigInteger>() : 0;
        var tier = UniswapPool.FeeTiers.ToList().IndexOf(fee);
        if (fee == 0 || tier < 0 || !reads[10 + tier].Success)
        {
            return Outcome<CrossQuote>.Refuse(ask.Refusal(QuoteRefusalReason.NoPool), $"There is no Uniswap pool configured for {ask.Pair}, so it cannot be swapped.");
        }

        if (!reads[0].Success)
        {
            return deleverage
                ? Outcome<CrossQuote>.Refuse(ask.Refusal(QuoteRefusalReason.NoPositionOrWithdrawTooLarge), $"There is no {ask.Pair} position to deleverage, or the withdraw is more than it allows.")
                : Outcome<CrossQuote>.Refuse(ask.Refusal(QuoteRefusalReason.PreviewReverted), $"The protocol could not preview {ask.Pair} leverage.");
        }

        var read = CrossReads.From(reads, tier);
        if (deleverage && read.BorrowBefore.IsZero)
        {
            return Outcome<CrossQuote>.Refuse(ask.Refusal(QuoteRefusalReason.NoDebt), $"There is no {borrow.Symbol} debt against {collateral.Symbol} to deleverage.");
        }

        if (!deleverage && LeverageRefusal(ask, read, reads, limits, minHealthFactor) is { } refused)
        {
            return refused;
        }

        var pool = new PoolTerms(fee, UniswapPool.Compute(factory, token0, token1, fee));
        return Outcome<CrossQuote>.Ok(Quote(ask, read, pool, minHealthFactor));
    }

    /// <summary>
    /// The one Multicall3 batch: the preview, both positions, liquidity, prices, the configured pool fee, the shares market's
    /// supply, the pool's price at every fee tier, then (from index <c>Limits</c>) the supply checks.
    /// </summary>
    private (List<ContractCall> Calls, int Limits) Calls(Ask ask, BigInteger minHealthFactor, Address factory, Address token0, Address token1)
    {
        var (collateral, borrow) = (ask.Collateral, ask.Borrow);
        var sharesMarket = ask.Deleverage ? collateral : borrow;
        var preview = ask.Deleverage ? DebtPreviewerAbi.PreviewDeleverage : DebtPreviewerAbi.PreviewLeverage;
        var calls = new List<ContractCall>
        {
            new(deployment.DebtPreviewer, preview, collateral.Market, borrow.Market, ask.Account, ask.Amount, ask.Ratio, minHealthFactor),
            new(collateral.Market, MarketAbi.AccountSnapshot, ask.Account),
            new(borrow.Market, MarketAbi.AccountSnapshot, ask.Account),
            new(deployment.Auditor, AuditorAbi.AccountLiquidity, ask.Account, Address.Zero, BigInteger.Zero),
            new(deployment.Auditor, AuditorAbi.AccountMarkets, ask.Account),
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
        return (calls, limits);
    }

    /// <summary>Why a previewed cross leverage cannot be quoted (nothing to leverage, more than the markets can serve, above the maximum, lowering); null when it can.</summary>
    private static Outcome<CrossQuote>? LeverageRefusal(Ask ask, CrossReads read, PinnedResult reads, int limits, BigInteger minHealthFactor)
    {
        if (read.Principal.Sign <= 0)
        {
            return Outcome<CrossQuote>.Refuse(ask.Refusal(QuoteRefusalReason.NothingToLeverage, ask.Ratio), "There is nothing to leverage yet: add an amount to deposit.");
        }

        // An amount no market could serve is refused, not quoted with a signing link: the collateral deposit against the
        // asset's supply, the borrow against what the borrow market holds to lend (nothing of this quote is deposited there).
        if (reads[limits].Success && reads[limits + 1].Success && reads[limits + 2].Success && QuoteRefusal.Check(
                ask.Collateral, read.DepositAfter - read.DepositBefore, reads[limits].Get<BigInteger>(),
                ask.Borrow, read.BorrowAfter - read.BorrowBefore, reads[limits + 1].Get<BigInteger>() - reads[limits + 2].Get<BigInteger>()) is { } refusal)
        {
            return Outcome<CrossQuote>.Refuse(refusal);
        }

        if (ask.Ratio > read.MaxRatio)
        {
            var max = LeverageQuoter.FormatRatio(read.MaxRatio, floor: true);
            return Outcome<CrossQuote>.Refuse(
                ask.Refusal(QuoteRefusalReason.RatioAboveMax, ask.Ratio, read.MaxRatio),
                $"{LeverageQuoter.FormatRatio(ask.Ratio)} is above the maximum of {max} for {ask.Pair} (health factor floor {Units.Format(minHealthFactor, 18, 2)}).");
        }

        return read.Applied != ask.Ratio
            ? Outcome<CrossQuote>.Refuse(
                ask.Refusal(QuoteRefusalReason.LeverageWouldLower, ask.Ratio), $"Your {ask.Pair} position is already above {LeverageQuoter.FormatRatio(ask.Ratio)}; lowering it is a deleverage.")
            : null;
    }

    /// <summary>The quote: the swap, both positions after, the health factor (and under a 10 % move of the borrowed asset), and the share allowance.</summary>
    private CrossQuote Quote(Ask ask, CrossReads read, PoolTerms pool, BigInteger minHealthFactor)
    {
        var (collateral, borrow, amount, deleverage) = (ask.Collateral, ask.Borrow, ask.Amount, ask.Deleverage);
        var (depositBefore, borrowBefore, depositAfter, borrowAfter) = (read.DepositBefore, read.BorrowBefore, read.DepositAfter, read.BorrowAfter);
        var (priceC, priceB, health) = (read.PriceC, read.PriceB, read.Health);
        var (swapIn, swapOut) = deleverage
            ? (depositBefore - amount - depositAfter, borrowBefore - borrowAfter)
            : (borrowAfter - borrowBefore, depositAfter - depositBefore - amount);
        var after = health.With(collateral, priceC, depositBefore, BigInteger.Zero, depositAfter, BigInteger.Zero)
            .With(borrow, priceB, BigInteger.Zero, borrowBefore, BigInteger.Zero, borrowAfter);
        var debtB = HealthFactor.DebtValue(borrowAfter, priceB, borrow.BaseUnit, borrow.AdjustFactor);
        var debtOther = after.Debt - debtB;
        var stressed = HealthFactor.Of(after.Collateral, debtOther + (debtB * 11 / 10));
        var liquidation = debtB.IsZero ? BigInteger.Zero : priceB * (after.Collateral - debtOther) / debtB * Units.Wad / priceC;
        var shareAssets = (swapIn * 10_001 / 10_000) + (deleverage ? amount : BigInteger.Zero);
        var shares = (read.Assets.IsZero ? shareAssets : ((shareAssets * read.Supply) + read.Assets - 1) / read.Assets) + 1;
        return new CrossQuote(
            deleverage, collateral, borrow, ask.Account, amount, read.Applied, pool.Fee, pool.Address, read.SqrtPrice,
            Limit(read.SqrtPrice, deleverage, collateral, priceC, borrow, priceB), DefaultSlippage,
            depositBefore, depositAfter, borrowBefore, borrowAfter, swapIn, swapOut, read.SwapRatio - Units.Wad, read.MaxRatio, minHealthFactor,
            health.Now, after.Now, stressed, liquidation, priceC, priceB, !deleverage && !health.Entered(collateral), shares,
            read.Block, time.GetUtcNow() + LeverageQuoter.Validity);
    }

    /// <summary>The swap's price limit: <see cref="DefaultSlippage"/> from the pool's price and from the oracle's, the tighter.</summary>
    internal static BigInteger Limit(BigInteger sqrtPriceX96, bool deleverage, MarketInfo collateral, BigInteger collateralPrice, MarketInfo borrow, BigInteger borrowPrice)
    {
        var (c, b) = (new MarketAsset(collateral.Asset, collateralPrice, collateral.Decimals), new MarketAsset(borrow.Asset, borrowPrice, borrow.Decimals));
        // Leverage borrows and sells the borrow asset for collateral; deleverage sells collateral to repay the borrow.
        return deleverage ? UniswapPool.OracleBoundedLimit(sqrtPriceX96, c, b, DefaultSlippage) : UniswapPool.OracleBoundedLimit(sqrtPriceX96, b, c, DefaultSlippage);
    }

    private static bool IsEthLike(MarketInfo market) => market.Symbol.Contains("ETH", StringComparison.OrdinalIgnoreCase);

    /// <summary>What was asked.</summary>
    private sealed record Ask(Address Account, MarketInfo Collateral, MarketInfo Borrow, BigInteger Amount, BigInteger Ratio, bool Deleverage)
    {
        public string Pair => $"{Collateral.Symbol}/{Borrow.Symbol}";

        public QuoteRefusal Refusal(QuoteRefusalReason reason, BigInteger asked = default, BigInteger available = default) =>
            new(reason, Collateral, asked, available) { Borrow = Borrow, Amount = Amount, IsDeleverage = Deleverage };
    }

    /// <summary>The configured pool: its fee tier and its (computed) address.</summary>
    private sealed record PoolTerms(int Fee, Address Address);

    /// <summary>The batch's answers the quote is computed from (the preview succeeded).</summary>
    private sealed record CrossReads(
        BigInteger DepositBefore, BigInteger BorrowBefore, AccountHealth Health, BigInteger PriceC, BigInteger PriceB, BigInteger Supply, BigInteger Assets,
        BigInteger SqrtPrice, BigInteger Applied, BigInteger BorrowAfter, BigInteger DepositAfter, BigInteger Principal, BigInteger MaxRatio, BigInteger SwapRatio, long Block)
    {
        public static CrossReads From(PinnedResult reads, int tier)
        {
            var limit = reads[0].Get<object?[]>();
            return new CrossReads(
                reads[1].Get<BigInteger>(0), reads[2].Get<BigInteger>(1),
                new AccountHealth(reads[3].Get<BigInteger>(0), reads[3].Get<BigInteger>(1), reads[4].Get<BigInteger>()),
                reads[5].Get<BigInteger>(), reads[6].Get<BigInteger>(), reads[8].Get<BigInteger>(), reads[9].Get<BigInteger>(),
                reads[10 + tier].Get<BigInteger>(0),
                (BigInteger)limit[0]!, (BigInteger)limit[1]!, (BigInteger)limit[2]!, (BigInteger)limit[3]!, (BigInteger)limit[4]!, (BigInteger)limit[5]!,
                reads.Block);
        }
    }
}
