namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>The <see cref="UInt128"/> path of <see cref="LocalLiquidity"/>: the same steps in <see cref="ExactMath128"/>.</summary>
public static partial class LocalLiquidity
{
    /// <summary>How the fast path ended.</summary>
    internal enum Outcome : byte
    {
        /// <summary>Collateral and debt computed.</summary>
        Value,

        /// <summary><c>accountLiquidity</c> reverts (an entered market has no state or no price).</summary>
        CannotEvaluate,

        /// <summary>A value left 128 bits: the <see cref="System.Numerics.BigInteger"/> path decides.</summary>
        Wider,
    }

    /// <summary>The account's (collateral, debt) in UInt128, without allocation.</summary>
    internal static Outcome TryEvaluate(AccountBook book, int id, LocalLiquidityTerms terms, out UInt128 collateral, out UInt128 debt)
    {
        (collateral, debt) = (UInt128.Zero, UInt128.Zero);
        var map = book.Entered(id);
        for (var i = 0; map != 0; map >>= 1, i++)
        {
            if ((map & 1) == 0)
            {
                continue;
            }

            if (i >= terms.Fast.Length || terms.States[i] is not { Price: not null })
            {
                return Outcome.CannotEvaluate;
            }

            if (terms.Fast[i] is not { } market
                || !Collateral(book.Shares(i, id), market, out var c)
                || !Debt(book, i, id, market, terms.Timestamp, out var d)
                || !ExactMath128.TryAdd(collateral, c, out collateral)
                || !ExactMath128.TryAdd(debt, d, out debt))
            {
                return Outcome.Wider;
            }
        }

        return Outcome.Value;
    }

    /// <summary>mulWadDown(mulDivDown(convertToAssets(s), P, u), AF).</summary>
    private static bool Collateral(UInt128 shares, LocalLiquidityTerms.Market128 market, out UInt128 value)
    {
        var assets = shares;
        value = UInt128.Zero;
        return (market.TotalSupply == UInt128.Zero || ExactMath128.TryMulDivDown(shares, market.TotalAssets, market.TotalSupply, out assets))
            && ExactMath128.TryMulDivDown(assets, market.Price, market.BaseUnit, out var usd)
            && ExactMath128.TryMulDivDown(usd, market.AdjustFactor, ExactMath128.Wad, out value);
    }

    /// <summary>divWadUp(mulDivUp(previewDebt, P, u), AF).</summary>
    private static bool Debt(AccountBook book, int market, int id, LocalLiquidityTerms.Market128 terms, long timestamp, out UInt128 value)
    {
        value = UInt128.Zero;
        var owed = UInt128.Zero;
        if (book.Column(market).Fixed.TryGetValue(id, out var positions))
        {
            for (var k = 0; k < positions.Count; k++)
            {
                var (maturity, principal) = (positions.Keys[k], positions.Values[k]);
                if (!ExactMath128.TryAdd(owed, principal, out owed))
                {
                    return false;
                }

                if (timestamp > maturity)
                {
                    // Linear penalty, floored per maturity: mulWadDown(principal, (T − maturity)·penaltyRate).
                    var rateHigh = UInt128.BigMul((ulong)(timestamp - maturity), terms.PenaltyRate, out var rate);
                    if (rateHigh != UInt128.Zero
                        || !ExactMath128.TryMulDivDown(principal, rate, ExactMath128.Wad, out var penalty)
                        || !ExactMath128.TryAdd(owed, penalty, out owed))
                    {
                        return false;
                    }
                }
            }
        }

        var shares = book.BorrowShares(market, id);
        if (shares != UInt128.Zero)
        {
            var floating = shares;
            if ((terms.TotalFloatingBorrowShares != UInt128.Zero
                    && !ExactMath128.TryMulDivUp(shares, terms.TotalFloatingBorrowAssets, terms.TotalFloatingBorrowShares, out floating))
                || !ExactMath128.TryAdd(owed, floating, out owed))
            {
                return false;
            }
        }

        return ExactMath128.TryMulDivUp(owed, terms.Price, terms.BaseUnit, out var usd)
            && ExactMath128.TryMulDivUp(usd, ExactMath128.Wad, terms.AdjustFactor, out value);
    }
}
