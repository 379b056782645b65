using System.Numerics;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>The UInt128 fast path answers exactly as the BigInteger path (solmate) wherever it answers, and declines where
/// the quotient or a sum leaves 128 bits, so the caller falls back instead of wrapping.</summary>
public sealed class ExactMath128Tests
{
    static readonly UInt128 Max = UInt128.MaxValue;

    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryMulDiv_RandomOperandsOfEveryWidth_EqualsBigIntegerOrDeclinesOnlyBeyond128Bits(int seed)
    {
        var random = new Random(seed);
        var (answered, declined) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var (x, y, d) = (Random128(random), Random128(random), Random128(random));
            answered += Check(x, y, d) ? 1 : 0;
            declined += Check(x, y, d) ? 0 : 1;
        }

        // Both outcomes really happened (the widths are drawn so that some quotients overflow and most do not).
        Assert.True(answered > 10_000 && declined > 100, $"{answered} answered, {declined} declined");
    }

    [Fact]
    public void TryMulDiv_EdgeValues_EqualsBigIntegerOrDeclinesOnlyBeyond128Bits()
    {
        UInt128[] edges =
        [
            0, 1, 2, 3, ulong.MaxValue, (UInt128)ulong.MaxValue + 1, (UInt128)ulong.MaxValue - 1, ExactMath128.Wad, 910_000_000_000_000_000UL,
            Max, Max - 1, Max / 2, (Max / 2) + 1, UInt128.One << 127, (UInt128.One << 64) | 1, new UInt128(1, ulong.MaxValue),
            new UInt128(0x8000_0000_0000_0000, 1), new UInt128(ulong.MaxValue, 0), BigPow10(38), BigPow10(24), BigPow10(6),
        ];
        foreach (var x in edges)
            foreach (var y in edges)
                foreach (var d in edges)
                    Check(x, y, d);
    }

    [Fact]
    public void TryMulDiv_QuotientAtAndPast2Pow128_AnswersThenDeclines()
    {
        // (2^128 − 1)² / (2^128 − 1) = 2^128 − 1: the largest answer, both roundings.
        Assert.True(ExactMath128.TryMulDivDown(Max, Max, Max, out var floor));
        Assert.True(ExactMath128.TryMulDivUp(Max, Max, Max, out var ceiling));
        Assert.Equal((Max, Max), (floor, ceiling));
        // (2^128 − 1)² / (2^128 − 2) = 2^128 + 1/(2^128 − 2): 129 bits, declined (the BigInteger path answers it).
        Assert.False(ExactMath128.TryMulDivDown(Max, Max, Max - 1, out _));
        Assert.False(ExactMath128.TryMulDivUp(Max, Max, Max - 1, out _));
        Assert.Equal(BigInteger.One << 128, ExactMath.MulDivDown(Max, Max, Max - 1));
        Assert.False(ExactMath128.TryMulDivDown(Max, 3, 2, out _));
        Assert.False(ExactMath128.TryMulDivDown(1, 1, 0, out _));
    }

    [Fact]
    public void TryAdd_SumBeyond128Bits_Declines()
    {
        Assert.True(ExactMath128.TryAdd(Max - 1, 1, out var sum));
        Assert.Equal(Max, sum);
        Assert.False(ExactMath128.TryAdd(Max, 1, out _));
    }

    [Fact]
    public void ProductLess_ProductsBeyond128Bits_ComparesThe256BitProducts()
    {
        Assert.True(ExactMath128.ProductLess(Max, Max - 1, Max, Max));
        Assert.False(ExactMath128.ProductLess(Max, Max, Max, Max));
        Assert.True(ExactMath128.ProductLess(UInt128.One << 127, 2, UInt128.One << 127, 3));
        Assert.False(ExactMath128.ProductLess(UInt128.One << 64, UInt128.One << 64, ulong.MaxValue, (UInt128)ulong.MaxValue + 2));
    }

    /// <summary>Both directions against <see cref="ExactMath"/>; true when the fast path answered.</summary>
    static bool Check(UInt128 x, UInt128 y, UInt128 d)
    {
        var down = ExactMath.MulDivDown(x, y, d);
        var up = ExactMath.MulDivUp(x, y, d);
        var fastDown = ExactMath128.TryMulDivDown(x, y, d, out var downValue);
        var fastUp = ExactMath128.TryMulDivUp(x, y, d, out var upValue);
        if (fastDown)
            Assert.Equal(down, (BigInteger)downValue);
        else
            Assert.True(down is null || down > Max, $"declined {x}·{y}/{d} = {down}");
        if (fastUp)
            Assert.Equal(up, (BigInteger)upValue);
        else
            Assert.True(up is null || up > Max, $"declined ceil {x}·{y}/{d} = {up}");
        return fastDown;
    }

    /// <summary>A value of random width 0–128 bits (so products and quotients of every size occur).</summary>
    static UInt128 Random128(Random random)
    {
        var bits = random.Next(129);
        var value = new UInt128((ulong)random.NextInt64() ^ ((ulong)random.Next() << 40), (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33));
        return bits == 0 ? UInt128.Zero : bits == 128 ? value : value & ((UInt128.One << bits) - 1);
    }

    static UInt128 BigPow10(int exponent) => (UInt128)BigInteger.Pow(10, exponent);
}
