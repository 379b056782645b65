using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>
/// One fixed-rate borrow (<c>Market.fixedBorrowPositions(maturity, account)</c>), amounts in the asset's decimals.
/// </summary>
/// <param name="Maturity">When it is due, Unix seconds (a multiple of 4 weeks).</param>
/// <param name="Principal">Borrowed assets.</param>
/// <param name="Fee">Interest fixed at borrowing.</param>
public sealed record FixedBorrow(long Maturity, BigInteger Principal, BigInteger Fee)
{
    /// <summary>Fixed pools are 4 weeks apart (Exactly's <c>FixedLib.INTERVAL</c>).</summary>
    public const long Interval = 4 * 7 * 24 * 3600;

    /// <summary>What is owed at maturity: principal + fee.</summary>
    public BigInteger Owed => Principal + Fee;

    /// <summary>
    /// The late penalty at <paramref name="timestamp"/> as <c>Market.previewDebt</c> computes it: 0 until the maturity (strict),
    /// then floor(owed · ((timestamp − maturity) · penaltyRate) / 1e18), linear, asset decimals.
    /// </summary>
    public BigInteger PenaltyAt(long timestamp, BigInteger penaltyRate) =>
        timestamp > Maturity ? Owed * ((timestamp - Maturity) * penaltyRate) / Units.Wad : BigInteger.Zero;

    /// <summary>The penalty one more day adds once overdue (owed · penaltyRate · 86,400 / 1e18, floored), asset decimals.</summary>
    public BigInteger PenaltyPerDay(BigInteger penaltyRate) => Owed * (86_400 * penaltyRate) / Units.Wad;

    /// <summary>
    /// The maturities packed in <c>Market.accounts(a).fixedBorrows</c>: the base maturity in the low 32 bits, then bit 32 + i set
    /// for a borrow at base + i · 4 weeks (Exactly's <c>FixedLib.setMaturity</c>).
    /// </summary>
    public static IReadOnlyList<long> Maturities(BigInteger packed)
    {
        if (packed.IsZero)
        {
            return [];
        }

        var mask = (BigInteger.One << 32) - 1;
        var baseMaturity = (long)(packed & mask);
        var bits = packed >> 32;
        var maturities = new List<long>();
        for (var i = 0; !bits.IsZero; i++, bits >>= 1)
        {
            if (!(bits & BigInteger.One).IsZero)
            {
                maturities.Add(baseMaturity + (i * Interval));
            }
        }

        return maturities;
    }
}
