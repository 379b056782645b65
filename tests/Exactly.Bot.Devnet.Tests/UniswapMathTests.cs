using System.Numerics;

namespace Exactly.Bot.Devnet.Tests;

public sealed class UniswapMathTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(17, 4)]
    public void IntegerSqrt_IsTheFloor(int n, int expected) =>
        Assert.Equal(new BigInteger(expected), UniswapDeployer.IntegerSqrt(n));

    [Fact]
    public void IntegerSqrt_LargeValues()
    {
        var root = BigInteger.Pow(2, 100) + 12345;
        Assert.Equal(root, UniswapDeployer.IntegerSqrt(root * root));
        Assert.Equal(root, UniswapDeployer.IntegerSqrt(root * root + 2 * root));
    }

    [Fact]
    public void SqrtPriceX96_SameDecimalsAndPrice_IsOneQ96()
    {
        var asset = new DevnetAsset("A", "A", 18, 5m, 0.5m, 0, 0, 0);
        Assert.Equal(BigInteger.One << 96, UniswapDeployer.SqrtPriceX96(asset, asset));
    }
}
