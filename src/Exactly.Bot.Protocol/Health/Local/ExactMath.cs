using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// solmate's FixedPointMathLib as the protocol compiles it: every product is a 256-bit word and reverts when it overflows,
/// every sum is checked (Solidity 0.8). Each method returns null where the contract would revert, so a caller reports
/// "cannot evaluate" exactly where <c>accountLiquidity</c> would fail.
/// </summary>
public static class ExactMath
{
    /// <summary>2^256 − 1, the largest <c>uint256</c>.</summary>
    public static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    /// <summary><c>mulDivDown(x, y, d)</c> = floor(x·y/d); null when x·y overflows 256 bits or d is 0.</summary>
    public static BigInteger? MulDivDown(BigInteger x, BigInteger y, BigInteger d)
    {
        var product = x * y;
        return product > MaxUint256 || d.IsZero ? null : product / d;
    }

    /// <summary><c>mulDivUp(x, y, d)</c> = ceil(x·y/d); null when x·y overflows 256 bits or d is 0.</summary>
    public static BigInteger? MulDivUp(BigInteger x, BigInteger y, BigInteger d)
    {
        var product = x * y;
        if (product > MaxUint256 || d.IsZero)
        {
            return null;
        }

        return product.IsZero ? BigInteger.Zero : ((product - 1) / d) + 1;
    }

    /// <summary><c>mulWadDown(x, y)</c> = floor(x·y/1e18).</summary>
    public static BigInteger? MulWadDown(BigInteger x, BigInteger y) => MulDivDown(x, y, Units.Wad);

    /// <summary><c>divWadUp(x, y)</c> = ceil(x·1e18/y).</summary>
    public static BigInteger? DivWadUp(BigInteger x, BigInteger y) => MulDivUp(x, Units.Wad, y);

    /// <summary>Checked <c>uint256</c> addition; null on overflow.</summary>
    public static BigInteger? Add(BigInteger? x, BigInteger? y) =>
        x is { } a && y is { } b && a + b <= MaxUint256 ? a + b : null;
}
