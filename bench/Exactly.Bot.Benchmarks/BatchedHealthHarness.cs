using System.Diagnostics;
using System.Globalization;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Benchmarks;

/// <summary>
/// Issue 12's benchmark, printed (not a timed test): per-block evaluation of 1,000, 10,000 and 100,000 watched wallets on
/// the devnet with <see cref="BatchedLiquidityEngine"/> (<c>accountLiquidity</c> per wallet in Multicall3 calls) and, side by
/// side at the same blocks and wallets, <see cref="LogHealthEngine"/> (issue 13: state from logs, O(markets) reads). Each
/// measured block carries a WETH price move. Prints RPC requests per block, wall milliseconds per block (median/p90),
/// this process's CPU, accounts/s, RSS, how many wallets had positions, and whether both engines' readings agreed.
/// Run: <c>dotnet run -c Release --project bench/Exactly.Bot.Benchmarks -- batched-health [positioned] [blocks] [sizes]</c>
/// (defaults 10000, 7, 1000,10000,100000). Wallets beyond the positioned ones are fresh addresses without positions.
/// </summary>
public static class BatchedHealthHarness
{
    static readonly Ethereum.Abi.AbiFunction SetPrice = Ethereum.Abi.AbiFunction.Parse("setPrice(int256)");

    public static async Task RunAsync(string[] args)
    {
        var positioned = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var blocks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var sizes = args.Length > 2 ? args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];

        await using var devnet = await Devnet.Devnet.StartAsync();
        var rpc = devnet.Rpc;
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var watch = Stopwatch.StartNew();
        await BenchWallets.PositionAsync(devnet, positioned);
        var head = await BlockHeader.ReadAsync(rpc);
        Console.WriteLine($"{positioned:N0} wallets positioned in {watch.Elapsed.TotalSeconds:0} s; head block {head.Number:N0}");

        var wallets = Enumerable.Range(0, sizes.Max()).Select(BenchWallets.Wallet).ToArray();
        var indexer = new LogIndexer(rpc, deployment);
        var log = new LogHealthEngine(rpc, deployment, indexer, new BatchedLiquidityEngine(rpc, deployment), new LogHealthOptions { BackfillPagesPerBlock = int.MaxValue });
        watch.Restart();
        // Backfill from genesis, then the first evaluation re-validates after the deployment's Upgraded events (from chain).
        for (var i = 0; i < 3 && !log.LastWasLocal; i++)
            await log.EvaluateAsync(wallets[..Math.Min(1_000, wallets.Length)], await BlockHeader.ReadAsync(rpc));
        Console.WriteLine($"log engine backfill from genesis and first local block: {watch.Elapsed.TotalSeconds:0.0} s, {indexer.Book.Count:N0} accounts in the book; RSS {Rss():N0} MB");

        var random = new Random(12);
        var rows = new List<string>();
        foreach (var size in sizes)
        {
            rows.AddRange(await MeasureAsync(devnet, log, wallets[..size], positioned, blocks, random));
            Console.WriteLine(string.Join(Environment.NewLine, rows.TakeLast(4)));
        }

        Console.WriteLine();
        Console.WriteLine($"summary ({blocks} measured blocks per size, each with a WETH price move; wall ms include the node's time; CPU is this process only):");
        rows.ForEach(Console.WriteLine);
    }

    /// <summary>Both engines on <paramref name="set"/> at the same <paramref name="blocks"/> blocks; four lines of figures.</summary>
    static async Task<string[]> MeasureAsync(Devnet.Devnet devnet, LogHealthEngine log, Address[] set, int positioned, int blocks, Random random)
    {
        var batched = new BatchedLiquidityEngine(devnet.Rpc, devnet.Deployment.ToProtocolDeployment());
        // Warm-up block (not measured): the batched engine measures its gas per account with two eth_estimateGas.
        var warm = await BlockHeader.ReadAsync(devnet.Rpc);
        var first = await batched.EvaluateAsync(set, warm);
        await log.EvaluateAsync(set, warm);
        var withPositions = first.Readings.Values.Count(r => r.Debt > 0);
        var (b, l) = (new Samples(), new Samples());
        var equal = 0L;
        var drift = 0.0;
        for (var i = 0; i < blocks; i++)
        {
            await MovePriceAsync(devnet, 2_900 + random.Next(200));
            var block = await BlockHeader.ReadAsync(devnet.Rpc);
            // Alternate the order so neither engine always runs on a node warmed by the other.
            HealthEvaluation be, le;
            if (i % 2 == 0)
            {
                be = await b.MeasureAsync(() => batched.EvaluateAsync(set, block));
                le = await l.MeasureAsync(() => log.EvaluateAsync(set, block));
            }
            else
            {
                le = await l.MeasureAsync(() => log.EvaluateAsync(set, block));
                be = await b.MeasureAsync(() => batched.EvaluateAsync(set, block));
            }

            if (!log.LastWasLocal)
                throw new InvalidOperationException($"block {block.Number}: the log engine answered from chain ({log.Divergence})");
            equal += set.Count(a => be.Readings.GetValueOrDefault(a) == le.Readings.GetValueOrDefault(a));
            // anvil runs each eth_call at a slightly different block.timestamp (foundry-rs/foundry#11017): interest then
            // moves debt and deposits by a few wei between the engines' calls. How far apart they are, relatively:
            drift = Math.Max(drift, set.Select(a => Relative(be.Readings.GetValueOrDefault(a), le.Readings.GetValueOrDefault(a))).Max());
        }

        var gas = batched.MeasuredGas is { } g ? $"{g.PerAccount:N0} gas/account measured, {batched.AccountsPerCall:N0} accounts/call" : "";
        return
        [
            $"{set.Length:N0} wallets ({Math.Min(set.Length, positioned):N0} positioned, {withPositions:N0} with debt read at the warm-up block; {gas})",
            "  batched: " + b.Describe(set.Length),
            "  log:     " + l.Describe(set.Length),
            string.Create(CultureInfo.InvariantCulture,
                $"  ratio batched/log: requests {b.MedianRequests / l.MedianRequests:0.#}×, wall ms {b.MedianMs / l.MedianMs:0.#}×; readings equal to the wei in {equal:N0} of {(long)set.Length * blocks:N0} (largest relative difference {drift:0.###e0}); RSS {Rss():N0} MB; load {LoadAverage()}"),
        ];
    }

    /// <summary>A WETH price move in its own block, sent and mined by <see cref="Devnet.Devnet.SendAndMineAsync"/>.</summary>
    static async Task MovePriceAsync(Devnet.Devnet devnet, int usd)
    {
        var feed = devnet.Deployment.Market("WETH").PriceFeed;
        var move = new TransactionRequest(feed, SetPrice.Encode(new System.Numerics.BigInteger(usd) * 100_000_000), devnet.Deployer, Gas: 100_000);
        if (!(await devnet.SendAndMineAsync([new JsonRpcRequest("eth_sendTransaction", move.ToJson())]))[0].Succeeded)
            throw new InvalidOperationException($"The WETH price move to {usd} USD reverted.");
    }

    /// <summary>The larger relative difference of collateral and debt; 1 when only one engine could evaluate the account.</summary>
    static double Relative(LiquidityReading? x, LiquidityReading? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) or (_, null) => 1,
        _ => Math.Max(Relative(x.Collateral, y.Collateral), Relative(x.Debt, y.Debt)),
    };

    static double Relative(System.Numerics.BigInteger x, System.Numerics.BigInteger y) =>
        x == y ? 0 : (double)System.Numerics.BigInteger.Abs(x - y) / (double)System.Numerics.BigInteger.Max(System.Numerics.BigInteger.Abs(x), System.Numerics.BigInteger.Abs(y));

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static long Rss() => Process.GetCurrentProcess().WorkingSet64 / 1_000_000;

    /// <summary>Per-block wall time, this process's CPU time and requests of one engine.</summary>
    sealed class Samples
    {
        readonly List<double> wall = [];
        readonly List<double> cpu = [];
        readonly List<double> requests = [];

        public double MedianMs => Percentile(wall, 50);

        public double MedianRequests => Percentile(requests, 50);

        public async Task<HealthEvaluation> MeasureAsync(Func<Task<HealthEvaluation>> evaluate)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var t0 = Stopwatch.GetTimestamp();
            var evaluation = await evaluate();
            wall.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
            requests.Add(evaluation.RpcRequests);
            return evaluation;
        }

        public string Describe(int size) => string.Create(CultureInfo.InvariantCulture,
            $"{MedianRequests:0} requests/block (max {requests.Max():0}); {MedianMs:N1} ms/block median, p90 {Percentile(wall, 90):N1}; " +
            $"CPU {Percentile(cpu, 50):N1} ms median; {size / (MedianMs / 1_000):N0} accounts/s");

        static double Percentile(List<double> values, int p) =>
            values.Order().ElementAt(Math.Min(values.Count - 1, (int)Math.Ceiling(values.Count * p / 100.0) - 1));
    }
}
