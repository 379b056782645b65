using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Markets;

/// <summary>A market listed by the configured Auditor (<c>Auditor.allMarkets()</c> + <c>Auditor.markets(market)</c>).</summary>
/// <param name="Market">The Market proxy address.</param>
/// <param name="Asset">The underlying ERC-20.</param>
/// <param name="Symbol">The asset's symbol (<c>USDC</c>, <c>WETH</c>, <c>wstETH</c>).</param>
/// <param name="Decimals">The asset's decimals.</param>
/// <param name="AdjustFactor">Risk adjust factor, WAD (0.91e18 for USDC).</param>
/// <param name="PriceFeed">The oracle the Auditor prices the asset with.</param>
/// <param name="Index">The market's index in the Auditor (bit in <c>accountMarkets</c>).</param>
public sealed record MarketInfo(
    Address Market,
    Address Asset,
    string Symbol,
    byte Decimals,
    BigInteger AdjustFactor,
    Address PriceFeed,
    byte Index)
{
    /// <summary>One whole unit of the asset in base units (10^decimals).</summary>
    public BigInteger BaseUnit => BigInteger.Pow(10, Decimals);
}

/// <summary>Finding a listed market by the address text a stored quote or plan carries.</summary>
public static class MarketLookup
{
    /// <summary>
    /// The market whose address prints as <paramref name="address"/> (the checksummed text quotes and plans store), or null
    /// when none of <paramref name="listed"/> does (delisted since) or <paramref name="address"/> is null.
    /// </summary>
    public static MarketInfo? ByAddress(this IEnumerable<MarketInfo> listed, string? address) =>
        address is null ? null : listed.FirstOrDefault(m => m.Market.ToString() == address);
}
