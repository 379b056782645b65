using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>The double-precision pass: one sweep over the shadows, cache-sized slices, four accounts per instruction.</summary>
public sealed partial class HealthScreen
{
    // The factors of the last Run, for Approximation (the pass keeps no per-account sums).
    private ScreenScale? last;

    /// <summary>
    /// Account <paramref name="id"/>'s adjusted collateral and debt in USD at the last <see cref="Run"/>, approximate (double
    /// precision, the screen's own sums): O(markets) per call. Zero before any run.
    /// </summary>
    public (double Collateral, double Debt) Approximation(int id)
    {
        var (collateral, debt) = (0d, 0d);
        foreach (var stream in last?.Streams ?? [])
        {
            var value = id < stream.Values.Length ? stream.Values[id] * stream.Factor : 0;
            (collateral, debt) = stream.Debt ? (collateral, debt + value) : (collateral + value, debt);
        }

        return (collateral, debt);
    }

    // Slices small enough that the slice's sums stay in L1 while each market's arrays stream once: memory bandwidth, not
    // arithmetic, bounds this pass, so nothing but the shadows themselves crosses the memory bus.
    private const int Slice = 1024;

    private static readonly Vector512<long> Weights = Vector512.Create(1L, 1L << 8, 1L << 16, 1L << 24, 1L << 32, 1L << 40, 1L << 48, 1L << 56);

    // Once-per-block loops over every account: tiered compilation would run them unoptimized (or as on-stack replacements)
    // for the first 30 blocks after each start and compile them in the background meanwhile, the tail of the per-block
    // figures; these are SIMD loops that dynamic PGO does not improve, so they are compiled fully optimized at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Screen(ScreenScale scale, int count, List<int> flagged)
    {
        Span<double> collateral = stackalloc double[Slice];
        Span<double> debt = stackalloc double[Slice];
        for (var start = 0; start < count; start += Slice)
        {
            var length = Math.Min(Slice, count - start);
            var c = collateral[..length];
            var d = debt[..length];
            c.Clear();
            d.Clear();
            foreach (var stream in scale.Streams)
            {
                MultiplyAdd(stream.Debt ? d : c, stream.Values.AsSpan(start, length), stream.Factor);
            }

            Classify(c, d, start, scale.Slack, flagged);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAdd(Span<double> sum, ReadOnlySpan<double> values, double factor)
    {
        var i = 0;
        ref var s = ref MemoryMarshal.GetReference(sum);
        ref var v = ref MemoryMarshal.GetReference(values);
        if (Vector512.IsHardwareAccelerated)
        {
            var f = Vector512.Create(factor);
            for (; i <= sum.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var total = Vector512.LoadUnsafe(ref s, (nuint)i) + (Vector512.LoadUnsafe(ref v, (nuint)i) * f);
                total.StoreUnsafe(ref s, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var f = Vector256.Create(factor);
            for (; i <= sum.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var total = Vector256.LoadUnsafe(ref s, (nuint)i) + (Vector256.LoadUnsafe(ref v, (nuint)i) * f);
                total.StoreUnsafe(ref s, (nuint)i);
            }
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += values[i] * factor;
        }
    }

    /// <summary>
    /// Flags each account whose screened place (thresholds c/d is below) differs from its stored place, or whose c lies
    /// within band·θd + slack of θd for some threshold θ. Four accounts at a time; the scalar check only runs for a group
    /// where one of them is flagged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Classify(ReadOnlySpan<double> c, ReadOnlySpan<double> d, int start, double slack, List<int> flagged)
    {
        var i = Vector512.IsHardwareAccelerated ? Classify512(c, d, start, slack, flagged) : 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var cr = ref MemoryMarshal.GetReference(c);
            ref var dr = ref MemoryMarshal.GetReference(d);
            ref var stored = ref places[start];
            var (bandV, slackV) = (Vector256.Create(band), Vector256.Create(slack));
            for (; i <= c.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var (cv, dv) = (Vector256.LoadUnsafe(ref cr, (nuint)i), Vector256.LoadUnsafe(ref dr, (nuint)i));
                var place = Vector256<long>.Zero;
                var near = Vector256<double>.Zero;
                foreach (var level in levels)
                {
                    var target = dv * level;
                    place -= Vector256.LessThan(cv, target).AsInt64();
                    near |= Vector256.LessThanOrEqual(Vector256.Abs(cv - target), (bandV * target) + slackV);
                }

                // The four places packed into bytes, against the four stored ones.
                var packed = (uint)(byte)place[0] | ((uint)(byte)place[1] << 8) | ((uint)(byte)place[2] << 16) | ((uint)(byte)place[3] << 24);
                if (packed != Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref stored, i)) || near != Vector256<double>.Zero)
                {
                    for (var lane = i; lane < i + Vector256<double>.Count; lane++)
                    {
                        Check(c[lane], d[lane], start + lane, slack, flagged);
                    }
                }
            }
        }

        for (; i < c.Length; i++)
        {
            Check(c[i], d[i], start + i, slack, flagged);
        }
    }

    /// <summary>As the Vector256 loop of <see cref="Classify"/>, eight accounts at a time; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Classify512(ReadOnlySpan<double> c, ReadOnlySpan<double> d, int start, double slack, List<int> flagged)
    {
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var dr = ref MemoryMarshal.GetReference(d);
        ref var stored = ref places[start];
        var (bandV, slackV) = (Vector512.Create(band), Vector512.Create(slack));
        var i = 0;
        for (; i <= c.Length - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var (cv, dv) = (Vector512.LoadUnsafe(ref cr, (nuint)i), Vector512.LoadUnsafe(ref dr, (nuint)i));
            var place = Vector512<long>.Zero;
            var near = Vector512<double>.Zero;
            foreach (var level in levels)
            {
                var target = dv * level;
                place -= Vector512.LessThan(cv, target).AsInt64();
                near |= Vector512.LessThanOrEqual(Vector512.Abs(cv - target), (bandV * target) + slackV);
            }

            // Each place is 0…thresholds (< 256): weighting lane k by 2^8k and summing packs the eight places into bytes.
            var packed = Vector512.Sum(place * Weights);
            if ((ulong)packed != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref stored, i)) || near != Vector512<double>.Zero)
            {
                for (var lane = i; lane < i + Vector512<double>.Count; lane++)
                {
                    Check(c[lane], d[lane], start + lane, slack, flagged);
                }
            }
        }

        return i;
    }

    private void Check(double c, double d, int id, double slack, List<int> flagged)
    {
        byte place = 0;
        var near = false;
        foreach (var level in levels)
        {
            var target = level * d;
            near |= Math.Abs(c - target) <= (band * target) + slack;
            if (c < target)
            {
                place++;
            }
        }

        if (near || place != places[id])
        {
            Mark(flagged, id);
        }
    }
}
