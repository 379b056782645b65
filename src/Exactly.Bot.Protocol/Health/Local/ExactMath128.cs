using System.Numerics;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// The fast path of <see cref="ExactMath"/>: the same floor/ceil mulDiv on a full 256-bit product, in <see cref="UInt128"/>
/// operands without allocation. A product of two 128-bit values never exceeds 256 bits, so the contract never reverts where
/// these succeed; each method returns false where the answer (or a sum) needs more than 128 bits or the divisor is 0, and
/// the caller then takes the <see cref="System.Numerics.BigInteger"/> path, which reports "cannot evaluate" exactly where
/// solmate reverts. Same results as <see cref="ExactMath"/> wherever both answer (ExactMath128Tests).
/// </summary>
public static class ExactMath128
{
    /// <summary>1e18.</summary>
    public static readonly UInt128 Wad = 1_000_000_000_000_000_000UL;

    /// <summary>floor(x·y/d); false when d is 0 or the quotient needs more than 128 bits.</summary>
    public static bool TryMulDivDown(UInt128 x, UInt128 y, UInt128 d, out UInt128 result)
    {
        var high = UInt128.BigMul(x, y, out var low);
        if (d == UInt128.Zero || high >= d)
        {
            result = UInt128.Zero;
            return false;
        }

        result = Divide(high, low, d, out _);
        return true;
    }

    /// <summary>ceil(x·y/d) (solmate: 0 when x·y is 0); false when d is 0 or the quotient needs more than 128 bits.</summary>
    public static bool TryMulDivUp(UInt128 x, UInt128 y, UInt128 d, out UInt128 result)
    {
        var high = UInt128.BigMul(x, y, out var low);
        if (d == UInt128.Zero || high >= d)
        {
            result = UInt128.Zero;
            return false;
        }

        result = Divide(high, low, d, out var remainder);
        if (remainder == UInt128.Zero)
        {
            return true;
        }

        result++;
        return result != UInt128.Zero;
    }

    /// <summary>x + y; false when the sum needs more than 128 bits.</summary>
    public static bool TryAdd(UInt128 x, UInt128 y, out UInt128 result)
    {
        result = x + y;
        return result >= x;
    }

    /// <summary>True when x·a &lt; y·b, on the full 256-bit products (the health factor's threshold test).</summary>
    public static bool ProductLess(UInt128 x, UInt128 a, UInt128 y, UInt128 b)
    {
        var left = UInt128.BigMul(x, a, out var leftLow);
        var right = UInt128.BigMul(y, b, out var rightLow);
        return left < right || (left == right && leftLow < rightLow);
    }

    /// <summary>(high·2^128 + low) / d and its remainder, for high &lt; d (the quotient fits 128 bits).</summary>
    internal static UInt128 Divide(UInt128 high, UInt128 low, UInt128 d, out UInt128 remainder)
    {
        // UInt128's own division is a generic loop (~100–400 ns); these digit steps use 64-bit hardware division only.
        if (d >> 64 == UInt128.Zero)
        {
            // high < d < 2^64: three 64-bit digits, the top one zero.
            var divisor = (ulong)d;
            var upper = Divide((ulong)high, (ulong)(low >> 64), divisor, out var partial);
            var lower = Divide(partial, (ulong)low, divisor, out var rest);
            remainder = rest;
            return new UInt128(upper, lower);
        }

        // Knuth's algorithm D in base 2^64: normalize so the divisor's top bit is set, then two quotient digits, each
        // estimated from the top words and corrected at most twice.
        var shift = (int)UInt128.LeadingZeroCount(d);
        var normalized = d << shift;
        var top = shift == 0 ? high : (high << shift) | (low >> (128 - shift));
        var shifted = low << shift;
        var first = Digit(top, (ulong)(shifted >> 64), normalized, out var middle);
        var second = Digit(middle, (ulong)shifted, normalized, out var last);
        remainder = last >> shift;
        return new UInt128(first, second);
    }

    /// <summary>(top·2^64 + next) / divisor for top &lt; divisor, divisor normalized (bit 127 set): one 64-bit digit.</summary>
    private static ulong Digit(UInt128 top, ulong next, UInt128 divisor, out UInt128 remainder)
    {
        var (divisorHigh, divisorLow) = ((ulong)(divisor >> 64), (ulong)divisor);
        var topHigh = (ulong)(top >> 64);
        var digit = topHigh >= divisorHigh ? ulong.MaxValue : Divide(topHigh, (ulong)top, divisorHigh, out _);

        // digit·divisor as 192 bits (productHigh:productLow) against the numerator (topHigh:numeratorLow).
        var low = (UInt128)digit * divisorLow;
        var high = (UInt128)digit * divisorHigh;
        var productLow = (high << 64) + low;
        var productHigh = (ulong)(high >> 64) + (productLow < low ? 1UL : 0UL);
        var numeratorLow = (top << 64) | next;
        while (productHigh > topHigh || (productHigh == topHigh && productLow > numeratorLow))
        {
            digit--;
            var before = productLow;
            productLow -= divisor;
            productHigh -= productLow > before ? 1UL : 0UL;
        }

        // The true remainder is below the divisor (< 2^128): the low 128 bits of the difference are all of it.
        remainder = numeratorLow - productLow;
        return digit;
    }

    /// <summary>(high·2^64 + low) / divisor for high &lt; divisor (Hacker's Delight divlu: 32-bit digits, 64-bit divisions).</summary>
    private static ulong Divide(ulong high, ulong low, ulong divisor, out ulong remainder)
    {
        const ulong Base = 1UL << 32;
        if (high == 0)
        {
            remainder = low % divisor;
            return low / divisor;
        }

        var shift = BitOperations.LeadingZeroCount(divisor);
        divisor <<= shift;
        var (divisorHigh, divisorLow) = (divisor >> 32, divisor & 0xFFFF_FFFF);
        var top = shift == 0 ? high : (high << shift) | (low >> (64 - shift));
        var rest = low << shift;
        var (next, last) = (rest >> 32, rest & 0xFFFF_FFFF);
        var upper = Estimate(top, next, divisorHigh, divisorLow);
        var middle = (top * Base) + next - (upper * divisor);
        var lower = Estimate(middle, last, divisorHigh, divisorLow);
        remainder = ((middle * Base) + last - (lower * divisor)) >> shift;
        return (upper * Base) + lower;
    }

    /// <summary>One 32-bit quotient digit of (top·2^32 + next) / (divisorHigh·2^32 + divisorLow), corrected.</summary>
    private static ulong Estimate(ulong top, ulong next, ulong divisorHigh, ulong divisorLow)
    {
        const ulong Base = 1UL << 32;
        var digit = top / divisorHigh;
        var rest = top - (digit * divisorHigh);
        while (digit >= Base || digit * divisorLow > (Base * rest) + next)
        {
            digit--;
            rest += divisorHigh;
            if (rest >= Base)
            {
                break;
            }
        }

        return digit;
    }
}
