using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// The arithmetic behind <see cref="FixQuoter"/>, on a position's figures at its block with the Auditor's rounding
/// (<see cref="HealthFactor"/>): the highest deleverage ratio, or the smallest repay, whose health factor reaches an aim.
/// </summary>
internal static class FixMath
{
    /// <summary>Ratio precision: 0.0001x.</summary>
    private static readonly BigInteger RatioStep = Units.Wad / 10_000;

    /// <summary>
    /// The highest ratio r ≤ now for <paramref name="m"/> (deposit' = principal · r, debt' = deposit' − principal, DebtManager's
    /// <c>deleverage</c>) with health ≥ <paramref name="aim"/>; null when even 1x does not reach it.
    /// </summary>
    public static BigInteger? RatioFor(WalletPosition position, MarketPosition m, BigInteger aim)
    {
        var principal = m.Deposit - m.Debt;
        bool Reaches(BigInteger ratio)
        {
            var deposit = principal * ratio / Units.Wad;
            return Healthy(position, m, deposit, deposit - principal, aim);
        }

        if (!Reaches(Units.Wad))
        {
            return null;
        }

        BigInteger low = Units.Wad, high = m.Deposit * Units.Wad / principal; // Reaches(low); high = the ratio now
        while (high - low > RatioStep)
        {
            var mid = (low + high) / 2;
            (low, high) = Reaches(mid) ? (mid, high) : (low, mid);
        }

        return low / RatioStep * RatioStep;
    }

    /// <summary>The smallest repay of <paramref name="m"/>'s floating debt reaching <paramref name="aim"/> (or all of it), and the health after.</summary>
    public static (BigInteger Assets, BigInteger? HealthFactor) RepayFor(WalletPosition position, MarketPosition m, BigInteger aim)
    {
        bool Reaches(BigInteger assets) => Healthy(position, m, m.Deposit, m.Debt - assets, aim);
        BigInteger low = BigInteger.Zero, high = m.FloatingDebt; // !Reaches(low)
        if (Reaches(high))
        {
            while (high - low > 1)
            {
                var mid = (low + high) / 2;
                (low, high) = Reaches(mid) ? (low, mid) : (mid, high);
            }
        }

        return (high, Health(position, m, m.Deposit, m.Debt - high).Now);
    }

    private static bool Healthy(WalletPosition position, MarketPosition m, BigInteger deposit, BigInteger debt, BigInteger aim)
    {
        var after = Health(position, m, deposit, debt);
        return after.Debt.IsZero || after.Collateral * Units.Wad >= aim * after.Debt;
    }

    private static AccountHealth Health(WalletPosition position, MarketPosition m, BigInteger deposit, BigInteger debt) =>
        new AccountHealth(position.Collateral, position.Debt, position.EnteredMarkets).With(m.Market, m.Price, m.Deposit, m.Debt, deposit, debt);
}
