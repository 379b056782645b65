using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>Quotes same-asset leverage from the chain: one pinned block, one JSON-RPC batch of reads.</summary>
public sealed class LeverageQuoter(JsonRpcClient rpc, ProtocolDeployment deployment)
{
    /// <summary>Exactly's app floor for the health factor after a same-asset leverage: 1.02, WAD.</summary>
    public static readonly BigInteger SameAssetMinHealthFactor = Units.Wad * 102 / 100;

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

        var blockNumber = await rpc.BlockNumberAsync(cancellationToken);
        var minHealthFactor = SameAssetMinHealthFactor;
        var reads = await rpc.ReadAsync(
            [
                new ContractCall(deployment.DebtPreviewer, DebtPreviewerAbi.PreviewLeverage, market.Market, market.Market, account, added, ratio, minHealthFactor),
                new ContractCall(market.Market, MarketAbi.AccountSnapshot, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountMarkets, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AssetPrice, market.PriceFeed),
            ],
            BlockParameter.Number(blockNumber),
            cancellationToken);

        var limit = (object?[])reads[0][0]!;
        var (applied, borrowAfter, depositAfter, principal, maxRatio) =
            ((BigInteger)limit[0]!, (BigInteger)limit[1]!, (BigInteger)limit[2]!, (BigInteger)limit[3]!, (BigInteger)limit[4]!);
        var (depositBefore, borrowBefore) = ((BigInteger)reads[1][0]!, (BigInteger)reads[1][1]!);
        var (collateral, debt) = ((BigInteger)reads[2][0]!, (BigInteger)reads[2][1]!);
        var entered = !(((BigInteger)reads[3][0]! >> market.Index) & BigInteger.One).IsZero;
        var price = (BigInteger)reads[4][0]!;

        if (principal.Sign <= 0)
        {
            return Outcome<LeverageQuote>.Fail(
                "There is nothing to leverage yet: add an amount to deposit.", $"/leverage {FormatRatio(ratio)} {market.Symbol} 100");
        }

        if (ratio > maxRatio)
        {
            var max = FormatRatio(maxRatio, floor: true);
            return Outcome<LeverageQuote>.Fail(
                $"{FormatRatio(ratio)} is above the maximum of {max} for {market.Symbol} (health factor floor {Units.Format(minHealthFactor, 18, 2)}).",
                $"/leverage {max} {market.Symbol}{(added.IsZero ? string.Empty : " " + Units.Format(added, market.Decimals))}");
        }

        var ratioBefore = RatioOf(depositBefore, borrowBefore);
        if (applied != ratio)
        {
            return Outcome<LeverageQuote>.Fail(
                $"Your {market.Symbol} position is already at {FormatRatio(ratioBefore)}; lowering it is a deleverage.", $"/deleverage 1x {market.Symbol}");
        }

        // Swap this market's contribution out of the Auditor's totals and the quoted position in, with the Auditor's rounding.
        var (collateralOther, debtOther) = entered
            ? (collateral - HealthFactor.CollateralValue(depositBefore, price, market.BaseUnit, market.AdjustFactor),
               debt - HealthFactor.DebtValue(borrowBefore, price, market.BaseUnit, market.AdjustFactor))
            : (collateral, debt);
        var healthAfter = HealthFactor.Of(
            collateralOther + HealthFactor.CollateralValue(depositAfter, price, market.BaseUnit, market.AdjustFactor),
            debtOther + HealthFactor.DebtValue(borrowAfter, price, market.BaseUnit, market.AdjustFactor));

        return Outcome<LeverageQuote>.Ok(new LeverageQuote(
            market, account, added, depositBefore, borrowBefore, depositAfter, borrowAfter, principal,
            ratioBefore, applied, maxRatio, minHealthFactor, HealthFactor.Of(collateral, debt), healthAfter, price, blockNumber));
    }

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
