using System.Numerics;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

public sealed class ExactMathTests
{
    static readonly BigInteger Max = (BigInteger.One << 256) - 1;

    [Fact]
    public void MulDiv_ProductAbove256Bits_CannotEvaluate_WhereSolmateReverts()
    {
        Assert.Null(ExactMath.MulDivDown(Max, 2, 2));
        Assert.Null(ExactMath.MulDivUp(BigInteger.One << 128, BigInteger.One << 128, 1));
        Assert.Equal(Max, ExactMath.MulDivDown(Max, 1, 1));
        Assert.Null(ExactMath.Add(Max, 1));
        Assert.Null(ExactMath.MulDivDown(1, 1, 0));
    }

    [Fact]
    public void MulDiv_RoundsDownAndUpAsTheContracts()
    {
        Assert.Equal(new BigInteger(3), ExactMath.MulDivDown(7, 1, 2));
        Assert.Equal(new BigInteger(4), ExactMath.MulDivUp(7, 1, 2));
        Assert.Equal(BigInteger.Zero, ExactMath.MulDivUp(0, 5, 3));
        // divWadUp(1 wei, 0.91) = ceil(1e18 / 0.91e18) = 2.
        Assert.Equal(new BigInteger(2), ExactMath.DivWadUp(1, 910_000_000_000_000_000));
    }
}
