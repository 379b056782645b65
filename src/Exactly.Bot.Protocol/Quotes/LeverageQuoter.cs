using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Quotes same-asset leverage from the chain: every figure from ONE Multicall3 <c>eth_call</c> at one block
/// (<see cref="PinnedReads"/>); the DebtManager's features are probed once and cached.
/// </summary>
public sealed class LeverageQuoter(Ethereum.Rpc.JsonRpcClient rpc, ProtocolDeployment deployment, DebtManagerProbe probe, TimeProvider time)
{
    /// <summary>Exactly's app floor for the health factor after a same-asset leverage: 1.02, WAD.</summary>
    public static readonly BigInteger SameAssetMinHealthFactor = Units.Wad * 102 / 100;

    /// <summary>How long a quote is offered for before it must be read again: 5 minutes.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Previews leveraging <paramref name="market"/> to <paramref name="ratio"/> for <paramref name="account"/>, adding
    /// <paramref name="added"/> assets from the wallet.
    /// </summary>
    /// <param name="account">The account (a fresh one has no position).</param>
    /// <param name="market">A market from <see cref="MarketCatalogue"/>.</param>
    /// <param name="added">Assets to add, asset decimals (0 to re-leverage the existing principal).</param>
    /// <param name="ratio">Target leverage ratio, WAD (3e18 = 3x).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The quote, or a sentence when the ratio is out of range or there is nothing to leverage.</returns>
    public async Task<Outcome<LeverageQuote>> QuoteAsync(
        Address account, MarketInfo market, BigInteger added, BigInteger ratio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (ratio < Units.Wad)
        {
            return Outcome<LeverageQuote>.Fail("The leverage ratio must be at least 1x.");
        }

        var features = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
        var previewer = PreviewerAbi.For(features);
        var minHealthFactor = SameAssetMinHealthFactor;
        var reads = await ReadAsync(account, market, added, ratio, features, previewer, cancellationToken).ConfigureAwait(false);
        if (!reads[0].Success || !reads[2].Success)
        {
            return Outcome<LeverageQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.PreviewReverted, market),
                $"The protocol could not preview this {market.Symbol} position (the preview reverted), so nothing was quoted.");
        }

        var limit = reads[0].Get<object?[]>();
        var (applied, borrowAfter, depositAfter, principal, maxRatio) =
            ((BigInteger)limit[0]!, (BigInteger)limit[1]!, (BigInteger)limit[2]!, (BigInteger)limit[3]!, (BigInteger)limit[4]!);
        var (depositBefore, borrowBefore) = (reads[1].Get<BigInteger>(0), reads[1].Get<BigInteger>(1));
        var health = new AccountHealth(reads[2].Get<BigInteger>(0), reads[2].Get<BigInteger>(1), reads[3].Get<BigInteger>());
        var price = reads[4].Get<BigInteger>();
        var vaultLiquidity = reads[5].Success ? reads[5].Get<BigInteger>() : BigInteger.Zero;
        var rates = reads[6].Success
            ? ((object?[])reads[6].Outputs![0]!).Select(e => (object?[])e!)
                .Where(e => previewer.Field<Address>(e, "market") == market.Market)
                .Select(e => MarketReader.Snapshot(previewer, market, e))
                .FirstOrDefault()
            : null;

        var ratioBefore = RatioOf(depositBefore, borrowBefore);
        if (Refusal(market, added, ratio, reads, (applied, borrowAfter, depositAfter, principal, maxRatio), (depositBefore, borrowBefore)) is { } refused)
        {
            return refused;
        }

        var after = health.With(market, price, depositBefore, borrowBefore, depositAfter, borrowAfter);
        return Outcome<LeverageQuote>.Ok(new LeverageQuote(
            market, account, added, depositBefore, borrowBefore, depositAfter, borrowAfter, principal,
            ratioBefore, applied, maxRatio, minHealthFactor, health.Now, after.Now, price, reads.Block)
        {
            Timestamp = reads.Timestamp,
            Rates = rates,
            NetApr = NetApr(rates, depositAfter, borrowAfter, principal),
            ExpiresAt = time.GetUtcNow() + Validity,
            FlashLoan = borrowAfter - borrowBefore,
            VaultLiquidity = vaultLiquidity,
            Features = features,
        });
    }

    /// <summary>
    /// Why the previewed leverage cannot be quoted (nothing to leverage, more than the market can serve, above the maximum
    /// ratio, or a ratio that would lower the position); null when it can.
    /// </summary>
    private static Outcome<LeverageQuote>? Refusal(
        MarketInfo market, BigInteger added, BigInteger ratio, PinnedResult reads,
        (BigInteger Applied, BigInteger BorrowAfter, BigInteger DepositAfter, BigInteger Principal, BigInteger MaxRatio) preview,
        (BigInteger Deposit, BigInteger Borrow) before)
    {
        var (applied, borrowAfter, depositAfter, principal, maxRatio) = preview;
        var (depositBefore, borrowBefore) = before;
        var minHealthFactor = SameAssetMinHealthFactor;
        if (principal.Sign <= 0)
        {
            return Outcome<LeverageQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.NothingToLeverage, market, ratio), "There is nothing to leverage yet: add an amount to deposit.");
        }

        // An amount no market could serve (more than the asset's supply) is refused, not quoted with a signing link. The flash
        // loan's borrow is checked against what the market can lend once this very deposit is in it.
        if (reads[7].Success && reads[8].Success && reads[9].Success && QuoteRefusal.Check(
                market, depositAfter - depositBefore, reads[7].Get<BigInteger>(),
                market, borrowAfter - borrowBefore, reads[8].Get<BigInteger>() - reads[9].Get<BigInteger>() + (depositAfter - depositBefore)) is { } refusal)
        {
            return Outcome<LeverageQuote>.Refuse(refusal);
        }

        // previewLeverage silently applies the CURRENT ratio when the asked one is above maxRatio: check it here.
        if (ratio > maxRatio)
        {
            var max = FormatRatio(maxRatio, floor: true);
            return Outcome<LeverageQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.RatioAboveMax, market, ratio, maxRatio) { Amount = added },
                $"{FormatRatio(ratio)} is above the maximum of {max} for {market.Symbol} (health factor floor {Units.Format(minHealthFactor, 18, 2)}).");
        }

        var ratioBefore = RatioOf(depositBefore, borrowBefore);
        if (applied != ratio)
        {
            return Outcome<LeverageQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.LeverageWouldLower, market, ratio, ratioBefore),
                $"Your {market.Symbol} position is already at {FormatRatio(ratioBefore)}; lowering it is a deleverage.");
        }

        return null;
    }

    /// <summary>The preview, position, health, price, vault liquidity, rates and supply, from ONE Multicall3 <c>eth_call</c> at one block.</summary>
    private Task<PinnedResult> ReadAsync(
        Address account, MarketInfo market, BigInteger added, BigInteger ratio, DebtManagerFeatures features, PreviewerAbi previewer, CancellationToken cancellationToken) =>
        rpc.ReadAsync(
            deployment.Multicall3,
            [
                new ContractCall(deployment.DebtPreviewer, DebtPreviewerAbi.PreviewLeverage, market.Market, market.Market, account, added, ratio, SameAssetMinHealthFactor),
                new ContractCall(market.Market, MarketAbi.AccountSnapshot, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountMarkets, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AssetPrice, market.PriceFeed),
                new ContractCall(market.Asset, Erc20Abi.BalanceOf, features.BalancerVault),
                new ContractCall(deployment.Previewer, previewer.Exactly, account),
                new ContractCall(market.Asset, Erc20Abi.TotalSupply),
                new ContractCall(market.Market, MarketAbi.FloatingAssets),
                new ContractCall(market.Market, MarketAbi.FloatingDebt),
            ],
            cancellationToken);

    /// <summary>The position's yearly net rate on its principal (deposit earns, debt costs, rewards on both), WAD; null without rates.</summary>
    private static BigInteger? NetApr(MarketSnapshot? rates, BigInteger depositAfter, BigInteger borrowAfter, BigInteger principal) =>
        rates is null || principal.Sign <= 0
            ? null
            : ((depositAfter * (rates.DepositApr + rates.DepositRewardsApr)) - (borrowAfter * (rates.BorrowApr - rates.BorrowRewardsApr))) / principal;

    /// <summary>deposit / (deposit − debt) as WAD; 0 when there is no deposit.</summary>
    public static BigInteger RatioOf(BigInteger deposit, BigInteger debt) =>
        deposit.IsZero || deposit <= debt ? BigInteger.Zero : deposit * Units.Wad / (deposit - debt);

    /// <summary>A WAD ratio as <c>3x</c>, <c>3.5x</c>, <c>5.31x</c> (two decimals at most; <paramref name="floor"/> rounds down).</summary>
    public static string FormatRatio(BigInteger ratio, bool floor = false)
    {
        var step = Units.Wad / 100;
        var rounded = floor ? ratio / step * step : ratio;
        return Units.Format(rounded, 18, 2) + "x";
    }
}
