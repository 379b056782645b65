using System.Numerics;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// One block's market values prepared once for every account: the listings, the states read at the block, its
/// <c>block.timestamp</c>, and each market's values as <see cref="UInt128"/> for the fast path (a market with a value beyond
/// 128 bits sends its accounts to the <see cref="BigInteger"/> path).
/// </summary>
public sealed class LocalLiquidityTerms
{
    /// <summary>Prepares the terms of <paramref name="states"/> (by market index) read at a block of <paramref name="timestamp"/>.</summary>
    public LocalLiquidityTerms(IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(states);
        (Markets, States, Timestamp) = (markets, states, timestamp);
        Fast = new Market128?[Math.Min(markets.Count, states.Count)];
        for (var m = 0; m < Fast.Length; m++)
        {
            if (states[m] is { Price: { } price } state && Fits(price, state, markets[m]))
            {
                Fast[m] = new Market128(
                    (UInt128)state.TotalAssets, (UInt128)state.TotalSupply, (UInt128)state.TotalFloatingBorrowAssets, (UInt128)state.TotalFloatingBorrowShares,
                    (UInt128)state.PenaltyRate, (UInt128)price, (UInt128)markets[m].BaseUnit, (UInt128)markets[m].AdjustFactor);
            }
        }
    }

    /// <summary>The listed markets by index.</summary>
    public IReadOnlyList<ListedMarket> Markets { get; }

    /// <summary>Their states at the block (null: not read).</summary>
    public IReadOnlyList<MarketState?> States { get; }

    /// <summary>The block's timestamp, seconds.</summary>
    public long Timestamp { get; }

    /// <summary>Per market, the values as UInt128; null when the state is missing, the price reverted, or a value is wider.</summary>
    internal Market128?[] Fast { get; }

    private static bool Fits(BigInteger price, MarketState state, ListedMarket market)
    {
        var max = (BigInteger)UInt128.MaxValue;
        return price <= max && state.TotalAssets <= max && state.TotalSupply <= max && state.TotalFloatingBorrowAssets <= max
            && state.TotalFloatingBorrowShares <= max && state.PenaltyRate <= max && market.BaseUnit <= max && market.AdjustFactor <= max
            && price.Sign >= 0 && state.TotalAssets.Sign >= 0 && state.TotalSupply.Sign >= 0 && state.TotalFloatingBorrowAssets.Sign >= 0
            && state.TotalFloatingBorrowShares.Sign >= 0 && state.PenaltyRate.Sign >= 0 && market.AdjustFactor.Sign >= 0;
    }

    /// <summary>One market's values for the fast path.</summary>
    internal readonly record struct Market128(
        UInt128 TotalAssets, UInt128 TotalSupply, UInt128 TotalFloatingBorrowAssets, UInt128 TotalFloatingBorrowShares,
        UInt128 PenaltyRate, UInt128 Price, UInt128 BaseUnit, UInt128 AdjustFactor);
}
