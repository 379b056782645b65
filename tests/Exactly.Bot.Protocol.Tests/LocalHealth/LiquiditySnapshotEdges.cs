using System.Numerics;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// Hand-picked snapshots at the edges of the formulas: rounding of 1 wei, the strict maturity comparison, the largest
/// product that fits 256 bits and the smallest that does not ("overflow": the contracts revert there).
/// </summary>
public static class LiquiditySnapshotEdges
{
    const long T = 1_800_000_000;
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    static readonly BigInteger Two128 = BigInteger.One << 128;
    static readonly UInt128 MaxShares = UInt128.MaxValue;

    /// <summary>A USDC-like market (6 decimals, AF 0.91, price 1.0001) holding <paramref name="shares"/> and <paramref name="borrowShares"/>.</summary>
    static SnapshotMarket Usdc(bool entered = true, UInt128 shares = default, UInt128 borrowShares = default, IReadOnlyList<SnapshotFixed>? fixedBorrows = null) =>
        new(6, Wad * 91 / 100, Wad + 100_000_000_000_000, 1_020_304_050_607, 1_000_000_000_001, 510_000_000_003, 500_000_000_007,
            1_574_074_074, entered, shares, borrowShares, fixedBorrows ?? []);

    /// <summary>A WETH-like market (18 decimals, AF 0.86, price 3,000.5).</summary>
    static SnapshotMarket Weth(bool entered = true, UInt128 shares = default, UInt128 borrowShares = default) =>
        new(18, Wad * 86 / 100, Wad * 30_005 / 10, Wad * 2_000_001 + 7, Wad * 2_000_000, Wad * 105_000 + 3, Wad * 100_000, 1_574_074_074,
            entered, shares, borrowShares, []);

    /// <summary>Snapshots every implementation must answer, equal to the wei.</summary>
    public static IEnumerable<LiquiditySnapshot> Valid()
    {
        var overdue = new SnapshotFixed[] { new(T, 1_000_000, 3), new(T - 1, 2_000_000, 5), new(T - (3 * SnapshotGenerator.Interval), 7_000_000, 11), new(T + 1, 9, 1) };
        yield return new("deposits in markets not entered", T, [Usdc(false, 5_000_000), Weth(false, (UInt128)(Wad * 3))]);
        yield return new("entered, empty", T, [Usdc(), Weth()]);
        yield return new("empty market (supply 0)", T, [new(18, Wad / 2, Wad, 0, 0, 0, 0, 0, true, 0, 0, [])]);
        yield return new("whole supply and all borrow shares", T, [Usdc(true, 1_000_000_000_001, 500_000_000_007)]);
        yield return new("1 wei of shares floors to 0 assets", T, [new(18, Wad / 2, Wad, 1, 3, 0, 0, 0, true, 1, 0, [])]);
        yield return new("1 wei of borrow shares rounds up to 1", T, [new(18, Wad / 2, Wad, 10, 10, 1, 3, 0, true, 5, 1, [])]);
        yield return new("maturity now, 1 s overdue, 3 intervals overdue, ahead", T, [Usdc(true, 9_000_000, 0, overdue)]);
        yield return new("overdue with penalty rate 0", T, [Usdc(true, 9_000_000, 0, overdue) with { PenaltyRate = 0 }]);
        yield return new("price 1 wei", T, [Usdc(true, 5_000_000, 3_000_000) with { Price = 1 }, Weth(true, 1, 1) with { Price = 1 }]);
        yield return new("adjust factor 1 wei", T, [Usdc(true, 5_000_000, 3_000_000) with { AdjustFactor = 1 }]);
        yield return new("adjust factor 1.0", T, [Usdc(true, 5_000_000, 3_000_000) with { AdjustFactor = Wad }]);
        // assets · price = (2^128 − 1)(2^128 + 1) = 2^256 − 1: the largest product mulDivDown accepts.
        yield return new("collateral product exactly 2^256 - 1", T, [Max(price: Two128 + 1)]);
        yield return new("largest shares the book holds", T, [Weth(true, MaxShares) with { TotalSupply = Two128 - 1, TotalAssets = Two128 - 1 }]);
        yield return new("every market the lib and the engine take (8)", T, Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Usdc(true, (UInt128)(1_000_000 * (i + 1)), (UInt128)(300_000 * i))
            : i == 3 ? Weth(false, (UInt128)(Wad * i)) : Weth(true, (UInt128)(Wad * i), (UInt128)(Wad / (i + 1)))).ToArray());
    }

    /// <summary>Snapshots where a 256-bit product or sum overflows: <c>accountLiquidity</c> reverts.</summary>
    public static IEnumerable<LiquiditySnapshot> Overflowing()
    {
        yield return new("overflow: collateral product 2^256 + 2^128 - 2", T, [Max(price: Two128 + 2)]);
        yield return new("overflow: collateral times adjust factor", T, [Max(price: Two128 - 1) with { AdjustFactor = 2 }]);
        yield return new("overflow: debt product", T, [Max(price: Two128 + 2) with { Shares = 0, BorrowShares = MaxShares }]);
        yield return new("overflow: debt times WAD in divWadUp", T, [Max(price: Two128 >> 40) with { Shares = 0, BorrowShares = MaxShares }]);
        yield return new("overflow: penalty seconds times rate", T, [Usdc(true, 0, 0, [new(T - 10, 1_000, 0)]) with { PenaltyRate = BigInteger.One << 254 }]);
        // Collateral per market stays below 2^196 (its product with the adjust factor fits 256 bits before the WAD division);
        // debt divided by an adjust factor of 1 wei does not: two debts of nearly 2^256 each overflow the sum.
        var nearMaxDebt = Max(price: (ExactMath.MaxUint256 / Wad) >> 128) with { Shares = 0, BorrowShares = MaxShares };
        yield return new("overflow: sum of two markets' debts", T, [nearMaxDebt, nearMaxDebt]);
    }

    /// <summary>
    /// Debt in a market the account has not entered: unreachable on chain (borrowing enters the market, <c>exitMarket</c>
    /// reverts while debt remains), and where the implementations part: the Auditor iterates entered markets only.
    /// </summary>
    public static LiquiditySnapshot DebtNotEntered() =>
        new("debt in a market not entered", T, [Usdc(true, 9_000_000), Weth(false, 0, (UInt128)(Wad / 2))]);

    /// <summary>Decimals 0, adjust factor 1 wei, shares = supply = assets = 2^128 − 1, at <paramref name="price"/>.</summary>
    static SnapshotMarket Max(BigInteger price) =>
        new(0, 1, price, Two128 - 1, Two128 - 1, Two128 - 1, Two128 - 1, 0, true, MaxShares, 0, []);
}
