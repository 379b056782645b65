using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>
/// The price of one asset at which a wallet becomes liquidatable (collateral &lt; debt), every other price unchanged, with the
/// Auditor's own per-market rounding. Prices USD WAD.
/// </summary>
/// <param name="Market">The asset's market.</param>
/// <param name="Price">The price now.</param>
/// <param name="Threshold">
/// Falling: the highest price at which the wallet is liquidatable. Rising: the lowest. Exact to 1 wei of WAD; on a feed with
/// d decimals the first feed answer that liquidates is floor(Threshold / 10^(18−d)) falling, ceil(…) rising.
/// </param>
/// <param name="Falling">True when the asset's price must fall (net collateral), false when it must rise (net debt).</param>
public sealed record LiquidationPrice(MarketInfo Market, BigInteger Price, BigInteger Threshold, bool Falling)
{
    /// <summary>
    /// The relative move to <see cref="Threshold"/> in basis points (negative falling), rounded toward zero: a move of this
    /// size may still leave the wallet just safe, a move one basis point larger liquidates it.
    /// </summary>
    public long MoveBasisPoints => (long)((Threshold - Price) * 10_000 / Price);

    /// <summary>The move as a percentage with one decimal, toward zero: <c>−14.3 %</c> style text is <c>-14.3</c>.</summary>
    public decimal MovePercent => decimal.Truncate(MoveBasisPoints / 10m) / 10m;
}

/// <summary>Liquidation prices for every asset of a wallet (<see cref="For"/>).</summary>
public static class LiquidationPrices
{
    /// <summary>
    /// For each used, entered market: the price of its asset that liquidates the wallet, alone. Assets whose price cannot
    /// liquidate the wallet (the rest covers the debt even at 0, or it nets to nothing) are left out; so is everything when
    /// the wallet is liquidatable already or has no debt. Nearest first (smallest move).
    /// </summary>
    public static IReadOnlyList<LiquidationPrice> For(WalletPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Liquidatable || position.Debt.IsZero)
        {
            return [];
        }

        var found = new List<LiquidationPrice>();
        foreach (var m in position.Markets.Where(m => m.Entered && (!m.Deposit.IsZero || !m.Debt.IsZero)))
        {
            var others = (position.Collateral - m.AdjustedCollateral) - (position.Debt - m.AdjustedDebt);
            bool Liquidates(BigInteger price) => others + m.AdjustedCollateralAt(price) - m.AdjustedDebtAt(price) < 0;
            var net = m.AdjustedCollateral - m.AdjustedDebt;
            var threshold = net > 0 ? Falling(m.Price, Liquidates) : Rising(m.Price, Liquidates);
            if (threshold is { } t)
            {
                found.Add(new LiquidationPrice(m.Market, m.Price, t, net > 0));
            }
        }

        return found.OrderBy(p => Math.Abs(p.MoveBasisPoints)).ToArray();
    }

    /// <summary>The highest price in [0, now) that liquidates, by bisection (monotone for a net-collateral asset); null when 0 does not.</summary>
    private static BigInteger? Falling(BigInteger now, Func<BigInteger, bool> liquidates)
    {
        if (!liquidates(BigInteger.Zero))
        {
            return null;
        }

        BigInteger low = BigInteger.Zero, high = now; // liquidates(low), !liquidates(high)
        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            (low, high) = liquidates(mid) ? (mid, high) : (low, mid);
        }

        return low;
    }

    /// <summary>The lowest price above now that liquidates; null when not even 10^6 × now does.</summary>
    private static BigInteger? Rising(BigInteger now, Func<BigInteger, bool> liquidates)
    {
        var high = BigInteger.Max(now, Units.Wad);
        BigInteger low = now;
        while (!liquidates(high))
        {
            low = high;
            high *= 2;
            if (high > now * 1_000_000 && high > Units.Wad * 1_000_000)
            {
                return null;
            }
        }

        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            (low, high) = liquidates(mid) ? (low, mid) : (mid, high);
        }

        return high;
    }
}
