using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// What the Auditor says about one listed market (<c>Auditor.markets(m)</c>): cached between admin events
/// (<c>AdjustFactorSet</c>, <c>PriceFeedSet</c>, <c>MarketListed</c>).
/// </summary>
/// <param name="Market">The Market proxy.</param>
/// <param name="Index">Its index: bit <c>Index</c> of <c>accountMarkets</c>, position in <c>allMarkets()</c>.</param>
/// <param name="Decimals">Asset decimals (base unit 10^decimals).</param>
/// <param name="AdjustFactor">Adjust factor, WAD.</param>
/// <param name="PriceFeed">The feed <c>assetPrice</c> reads.</param>
public sealed record ListedMarket(Address Market, int Index, byte Decimals, BigInteger AdjustFactor, Address PriceFeed)
{
    /// <summary>10^decimals.</summary>
    public BigInteger BaseUnit { get; } = BigInteger.Pow(10, Decimals);
}

/// <summary>
/// One market's state at one block, every value read in the same pinned <c>eth_call</c>. <see cref="Price"/> is null when
/// <c>assetPrice</c> reverted (a feed answering ≤ 0): accounts entered there cannot be evaluated, as on chain.
/// </summary>
/// <param name="TotalAssets"><c>totalAssets()</c>, asset units.</param>
/// <param name="TotalSupply"><c>totalSupply()</c>, shares.</param>
/// <param name="TotalFloatingBorrowAssets"><c>totalFloatingBorrowAssets()</c>, asset units, interest to the block.</param>
/// <param name="TotalFloatingBorrowShares"><c>totalFloatingBorrowShares()</c>.</param>
/// <param name="PenaltyRate"><c>penaltyRate()</c>, WAD per second.</param>
/// <param name="Price"><c>Auditor.assetPrice(feed)</c>, USD WAD; null when it reverted.</param>
public sealed record MarketState(
    BigInteger TotalAssets, BigInteger TotalSupply, BigInteger TotalFloatingBorrowAssets, BigInteger TotalFloatingBorrowShares, BigInteger PenaltyRate, BigInteger? Price);
