using System.Runtime;

namespace Exactly.Bot.Benchmarks;

/// <summary>The GC's state at the start of a block: bytes this thread allocated, collections per generation, pause time.</summary>
readonly record struct GcMark(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    /// <summary>This thread's allocated bytes at the end of each phase but the last (log application, rescale, screen).</summary>
    public long[] Phases { get; init; } = [];

    public static GcMark Now() =>
        new(GC.GetAllocatedBytesForCurrentThread(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
}

/// <summary>Per-block allocations and collections: where a block's tail comes from when it is the GC.</summary>
sealed partial class Figures
{
    readonly List<double> allocated = [], withGc = [], withoutGc = [];
    readonly List<double>[] phases = [[], [], [], []];
    GcMark start;

    public static GcMark GcMark() => Benchmarks.GcMark.Now();

    // Interactive latency is the concurrent (background) GC; Batch is non-concurrent.
    public static string GcSettings() =>
        $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency {GCSettings.LatencyMode}, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1_000_000:N0} MB";

    public void StartGc() => start = Benchmarks.GcMark.Now();

    void AddGc(GcMark before, double total)
    {
        var now = Benchmarks.GcMark.Now();
        allocated.Add((now.Allocated - before.Allocated) / 1_000.0);
        long[] marks = [before.Allocated, .. before.Phases, now.Allocated];
        for (var i = 0; i + 1 < marks.Length && i < phases.Length; i++)
            phases[i].Add((marks[i + 1] - marks[i]) / 1_000.0);
        (now.Gen0 + now.Gen1 + now.Gen2 > before.Gen0 + before.Gen1 + before.Gen2 ? withGc : withoutGc).Add(total);
    }

    void PrintGc()
    {
        var end = Benchmarks.GcMark.Now();
        Console.WriteLine(FormattableString.Invariant(
            $"  allocated per block: median {Median(allocated):N0} KB, p90 {P90(allocated):N0} KB, max {allocated.Max():N0} KB (medians by phase: logs {Median(phases[0]):N0}, rescale {Median(phases[1]):N0}, screen {Median(phases[2]):N0}, exact {Median(phases[3]):N0} KB)"));
        Console.WriteLine(FormattableString.Invariant(
            $"  collections over the measured blocks: gen0 {end.Gen0 - start.Gen0}, gen1 {end.Gen1 - start.Gen1}, gen2 {end.Gen2 - start.Gen2}; pause {(end.Pause - start.Pause).TotalMilliseconds:N1} ms in all"));
        Console.WriteLine(FormattableString.Invariant(
            $"  blocks with a collection: {withGc.Count}, total median {(withGc.Count > 0 ? Median(withGc) : 0):0.00} ms; without: {withoutGc.Count}, median {(withoutGc.Count > 0 ? Median(withoutGc) : 0):0.00} / p90 {(withoutGc.Count > 0 ? P90(withoutGc) : 0):0.00} ms"));
    }
}
