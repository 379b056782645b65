using System.Numerics;
using System.Runtime.InteropServices;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Benchmarks;

/// <summary>The local-health harness's per-block figures (process CPU time, ns clock) and its end-of-run checks.</summary>
sealed partial class Figures
{
    readonly List<double> logs = [], rescale = [], screen = [], exact = [], total = [], flagged = [], wide = [];

    public void Add(double log, double scale, double pass, double path, ScreenResult result, GcMark gc)
    {
        AddGc(gc, log + scale + pass + path);
        logs.Add(log);
        rescale.Add(scale);
        screen.Add(pass);
        exact.Add(path);
        total.Add(log + scale + pass + path);
        flagged.Add(result.Flagged);
        wide.Add(result.Wide);
    }

    public void Print(int blocks, int warmUp)
    {
        Console.WriteLine($"per block, {blocks} blocks after {warmUp} warm-up blocks (1,000 touched accounts + a WETH price move + interest), process CPU ms, median / p90 (min–max):");
        Line("log application (parse eth_getLogs JSON, decode, apply, trim journal)", logs, "");
        Line("market rescale (per-market factors and exact terms)", rescale, "");
        Line("screen (double, SIMD, every account)", screen, "");
        Line("exact path (UInt128; BigInteger past 128 bits)", exact, "");
        Line("total", total, "goal ≤ 25 ms");
        Console.WriteLine(FormattableString.Invariant($"  exact path count: median {Median(flagged):N0}, p90 {P90(flagged):N0} (of which past 128 bits: {wide.Max():N0} at most)"));
        PrintGc();
        Console.WriteLine($"  load average during the blocks: {LoadAverage()}");
    }

    /// <summary>
    /// Every account's place kept by the screen equals the place of its exact (collateral, debt) at the last block, and the
    /// UInt128 path equals the BigInteger steps on every 100th account.
    /// </summary>
    public static string Check(AccountBook book, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp, HealthScreen screen, BigInteger[] thresholds)
    {
        var terms = new LocalLiquidityTerms(markets, states, timestamp);
        var (placesChecked, misplaced, compared, unequal) = (0, 0, 0, 0);
        for (var id = 0; id < book.Count; id++)
        {
            if (book.IsUntrusted(id) || LocalLiquidity.Evaluate(book, id, terms) is not { } value)
                continue;
            placesChecked++;
            misplaced += thresholds.Count(t => value.Collateral * BigInteger.Pow(10, 18) < t * value.Debt) == screen.Place(id) ? 0 : 1;
            if (id % 100 == 0)
            {
                compared++;
                unequal += LocalLiquidity.EvaluateWide(book, id, markets, states, timestamp) == value ? 0 : 1;
            }
        }

        return $"check: {placesChecked:N0} accounts' screened places vs exact places: {misplaced:N0} differ (goal 0); " +
            $"UInt128 path vs BigInteger steps on {compared:N0} accounts: {unequal:N0} differ (goal 0)";
    }

    static void Line(string name, List<double> values, string goal) =>
        Console.WriteLine(FormattableString.Invariant($"  {name}: {Median(values):0.00} / {P90(values):0.00} ms ({values.Min():0.00}–{values.Max():0.00}) {goal}"));

    internal static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    internal static double P90(List<double> values) => values.Order().ElementAt(Math.Min(values.Count - 1, values.Count * 9 / 10));

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>A line of /proc/self/status in MB (VmRSS now, VmHWM peak).</summary>
    public static long Rss(string field) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1_000
            : Environment.WorkingSet / 1_000_000;

    /// <summary>CPU time of the whole process (every thread: GC and JIT included), ms, nanosecond clock.</summary>
    public static double CpuMs()
    {
        // Process.TotalProcessorTime reads /proc in 10 ms ticks, too coarse for a 5 ms phase.
        return ClockGetTime(2, out var time) == 0 ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6) : throw new InvalidOperationException("clock_gettime failed");
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);
}
