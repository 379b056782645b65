using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["local-health", ..])
{
    // Issue 13's figures as a printed harness (1M accounts is a scenario, not a micro-benchmark): see LocalHealthHarness.
    await Exactly.Bot.Benchmarks.LocalHealthHarness.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return;
}

if (args is ["batched-health", ..])
{
    // Issue 12's per-block figures for the batched engine, with the log engine beside it: see BatchedHealthHarness.
    await Exactly.Bot.Benchmarks.BatchedHealthHarness.RunAsync(args[1..]);
    return;
}

// In-process: BenchmarkDotNet 0.14 predates .NET 10 and cannot generate an out-of-process net10.0 project.
// `dotnet run -c Release -- --filter '*'` (add `--job short` for a quick run).
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
