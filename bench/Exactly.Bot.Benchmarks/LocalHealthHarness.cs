using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Benchmarks;

/// <summary>
/// Issue 13's figures, printed (not a timed test): a synthetic book of N accounts over 3 markets (USDC, WETH, wstETH), then
/// blocks each with 1,000 touched accounts (their eth_getLogs JSON parsed, decoded and applied as the indexer does, the
/// journal trimmed to the reorg window) and a WETH price move plus interest on every market, screened in double precision
/// with the exact path for flagged accounts. Per block: process CPU time of each phase (log application, market rescale,
/// screen, exact path), median and p90 after warm-up blocks; the exact path's count; bytes allocated per block and the
/// collections in the measured blocks; RSS; start-up from a stored book; and at the end every account's screened place
/// checked against its exact place (the screen missed nobody). Warm-up: a method run once a block is compiled fully
/// optimized only after 30 calls (tiered compilation), and that compilation runs on a background thread whose CPU counts in
/// the process time; blocks before it measure the JIT, not the steady state (40 warm-up blocks by default).
/// Run: <c>dotnet run -c Release --project bench/Exactly.Bot.Benchmarks -- local-health [accounts] [blocks] [warm-up]</c>.
/// </summary>
public static class LocalHealthHarness
{
    static readonly BigInteger[] Thresholds = [Wad(1), Wad(1.05), Wad(1.25)];
    static readonly Address Auditor = new(Keccak256.Hash("auditor").AsSpan(12));
    static readonly Address[] MarketAddresses = Enumerable.Range(0, 3).Select(i => new Address(Keccak256.Hash($"market {i}").AsSpan(12))).ToArray();

    public static async Task RunAsync(int accounts, int blocks, int warmUp)
    {
        Console.WriteLine($"load average at start: {Figures.LoadAverage()} ({Environment.ProcessorCount} cores, shared)");
        var random = new Random(13);
        var markets = new[]
        {
            new ListedMarket(MarketAddresses[0], 0, 6, Wad(0.91), Address.Zero),
            new ListedMarket(MarketAddresses[1], 1, 18, Wad(0.86), Address.Zero),
            new ListedMarket(MarketAddresses[2], 2, 18, Wad(0.82), Address.Zero),
        };
        var states = new MarketState?[]
        {
            new(Units(1_020_000_000, 6), Units(1_000_000_000, 6), Units(510_000_000, 6), Units(500_000_000, 6), 52_083_333_333, Wad(1)),
            new(Units(2_040_000, 18), Units(2_000_000, 18), Units(105_000, 18), Units(100_000, 18), 52_083_333_333, Wad(3_000)),
            new(Units(1_010_000, 18), Units(1_000_000, 18), Units(52_000, 18), Units(50_000, 18), 52_083_333_333, Wad(3_500)),
        };
        var watch = Stopwatch.StartNew();
        var (book, applier) = Build(accounts, random);
        Console.WriteLine($"book of {accounts:N0} accounts built in {watch.Elapsed.TotalSeconds:0.0} s");

        var screen = new HealthScreen(Thresholds);
        var timestamp = 1_800_000_000L;
        var cpu = Figures.CpuMs();
        var first = screen.Run(book, markets, states, timestamp, []);
        Console.WriteLine($"first pass: {first.Flagged:N0} flagged of {first.Screened:N0} (every account takes its place once), {Figures.CpuMs() - cpu:N0} ms CPU");

        var figures = new Figures();
        Console.WriteLine(Figures.GcSettings());
        for (var b = -warmUp; b < blocks; b++)
        {
            var block = 1_000_000L + warmUp + b;
            var json = LogsJson(random, accounts, 1_000, block);
            Interest(states, random);
            if (b == 0)
                figures.StartGc();
            var gc = Figures.GcMark();
            var t0 = Figures.CpuMs();
            ApplyLogs(applier, json);
            book.Forget(block - 256);
            var (t1, a1) = (Figures.CpuMs(), GC.GetAllocatedBytesForCurrentThread());
            var scale = HealthScreen.Rescale(book, markets, states, timestamp += 2);
            var (t2, a2) = (Figures.CpuMs(), GC.GetAllocatedBytesForCurrentThread());
            var flagged = screen.Flag(book, scale, book.TakeTouched());
            var (t3, a3) = (Figures.CpuMs(), GC.GetAllocatedBytesForCurrentThread());
            var result = screen.Evaluate(book, scale, flagged);
            var t4 = Figures.CpuMs();
            if (b >= 0)
                figures.Add(t1 - t0, t2 - t1, t3 - t2, t4 - t3, result, gc with { Phases = [a1, a2, a3] });
        }

        figures.Print(blocks, warmUp);
        Console.WriteLine(Figures.Check(book, markets, states, timestamp, screen, Thresholds));
        Console.WriteLine($"RSS: now {Figures.Rss("VmRSS"):N0} MB, peak {Figures.Rss("VmHWM"):N0} MB (goal < 600 MB); GC heap {GC.GetTotalMemory(false) / 1_000_000:N0} MB");
        await StartUpAsync(book, markets, states, timestamp);
        Console.WriteLine("RPC requests per block: 2 by construction (one eth_getLogs by block hash, one pinned Multicall3 eth_call; goal ≤ 3); " +
            "measured on the devnet by LogHealthEngineEqualityTests (its output: requests per steady block)");
        Batched(accounts);
        Console.WriteLine($"load average at end: {Figures.LoadAverage()}");
    }

    /// <summary>What the indexer does with an eth_getLogs answer: parse the body, read each log, order, apply.</summary>
    static void ApplyLogs(LogApplier applier, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var logs = document.RootElement.EnumerateArray().Select(ChainLog.FromJson).OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex).ToArray();
        foreach (var log in logs)
            applier.Apply(log);
    }

    /// <summary>A WETH price move (±0.5%) and interest on every market (indices up ~1e-7 a block).</summary>
    static void Interest(MarketState?[] states, Random random)
    {
        for (var m = 0; m < states.Length; m++)
        {
            var s = states[m]!;
            states[m] = s with
            {
                TotalAssets = s.TotalAssets + (s.TotalAssets / 10_000_000),
                TotalFloatingBorrowAssets = s.TotalFloatingBorrowAssets + (s.TotalFloatingBorrowAssets / 5_000_000),
                Price = m == 1 ? (BigInteger)((double)s.Price!.Value * (1 + ((random.NextDouble() - 0.5) / 100))) : s.Price,
            };
        }
    }

    static async Task StartUpAsync(AccountBook book, ListedMarket[] markets, MarketState?[] states, long timestamp)
    {
        var path = Path.Combine(Path.GetTempPath(), $"local-health-bench-{Environment.ProcessId}.book");
        try
        {
            await using (var stream = File.Create(path))
                await AccountBookSnapshot.WriteAsync(book, stream);
            var watch = Stopwatch.StartNew();
            var cpu = Figures.CpuMs();
            AccountBook loaded;
            await using (var input = File.OpenRead(path))
                loaded = await AccountBookSnapshot.ReadAsync(input);
            var read = watch.Elapsed.TotalMilliseconds;
            var first = new HealthScreen(Thresholds).Run(loaded, markets, states, timestamp, []);
            Console.WriteLine($"start-up from the stored book ({new FileInfo(path).Length / 1_000_000:N0} MB, {loaded.Count:N0} accounts): read {read:N0} ms, " +
                $"+ first full pass ({first.Flagged:N0} exact) = {watch.Elapsed.TotalMilliseconds:N0} ms wall, {Figures.CpuMs() - cpu:N0} ms CPU");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The batched engine's cost for the same watched set, from its measured gas (BatchedLiquidityEngineTests: ~68k gas an account).</summary>
    static void Batched(int accounts)
    {
        const long perAccount = 68_000, budget = 25_000_000;
        var perCall = (int)(budget / Math.Ceiling(perAccount * 1.25));
        foreach (var n in new[] { 10_000, 100_000, accounts })
        {
            var requests = (int)Math.Ceiling(n / (double)perCall);
            // anvil answered 16–22k accountLiquidity/s in one aggregate3 (PROTOCOL.md): node time per block.
            Console.WriteLine(FormattableString.Invariant(
                $"batched engine at {n:N0} wallets (computed): {requests:N0} eth_call requests/block ({perCall} accounts each), ~{n / 19_000.0:0.0} s of node time/block; log engine: 2 requests/block, ratio {requests / 2.0:N0}×"));
        }
    }

    static (AccountBook Book, LogApplier Applier) Build(int accounts, Random random)
    {
        var book = new AccountBook();
        book.Reserve(accounts);
        var applier = new LogApplier(book, Auditor);
        foreach (var market in MarketAddresses)
            applier.List(market);
        for (var i = 0; i < accounts; i++)
        {
            var id = book.Intern(Account(i));
            var weth = Units(1, 18) * random.Next(100, 10_000) / 1_000;
            book.AddShares(0, 1, id, weth);
            book.SetEntered(0, 1, id, true);
            if (random.Next(2) == 0)
            {
                // Health 1.0 to 3.0 on the WETH collateral: some sit near the thresholds.
                var debt = (double)weth / 1e18 * 3_000 * 0.86 * 0.91 / (1 + (random.NextDouble() * 2));
                book.AddBorrowShares(0, 0, id, new BigInteger(debt * 1e6 / 1.02));
                book.SetEntered(0, 0, id, true);
            }

            if (random.Next(10) == 0)
                book.AddShares(0, 2, id, Units(1, 18) * random.Next(1, 1_000) / 100);
            if (random.Next(100) == 0)
                book.AddFixed(0, 0, id, 1_802_419_200, Units(random.Next(10, 1_000), 6));
            if ((i & 0xFFFF) == 0)
                book.Forget(long.MaxValue);
        }

        book.Forget(long.MaxValue);
        book.TakeTouched();
        return (book, applier);
    }

    /// <summary>An eth_getLogs answer (UTF-8, as the node sends it): per touched account a USDC Borrow (half) or a WETH deposit Transfer (mint).</summary>
    static byte[] LogsJson(Random random, int accounts, int touched, long block)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < touched; i++)
        {
            var account = Account(random.Next(accounts));
            var borrow = random.Next(2) == 0;
            var topics = borrow
                ? new[] { MarketEvents.Borrow.Topic0.ToArray(), Topic(account), Topic(account), Topic(account) }
                : [MarketEvents.Transfer.Topic0.ToArray(), Topic(Address.Zero), Topic(account)];
            var data = borrow
                ? AbiEncoder.Encode([AbiType.UInt256, AbiType.UInt256], [Units(10, 6), Units(9, 6)])
                : AbiEncoder.Encode(AbiType.UInt256, Units(1, 16));
            text.Append(i == 0 ? "" : ",").Append("{\"address\":\"").Append(MarketAddresses[borrow ? 0 : 1].ToLowerHex())
                .Append("\",\"topics\":[").Append(string.Join(",", topics.Select(t => $"\"{Hex.Encode(t)}\""))).Append("],\"data\":\"").Append(Hex.Encode(data))
                .Append("\",\"blockNumber\":\"").Append(Hex.FromBigInteger(block)).Append("\",\"blockHash\":\"0x").Append(new string('a', 64))
                .Append("\",\"logIndex\":\"").Append(Hex.FromBigInteger(i)).Append("\",\"removed\":false}");
        }

        return Encoding.UTF8.GetBytes(text.Append(']').ToString());
    }

    static Address Account(int i) => new(Keccak256.Hash(BitConverter.GetBytes(i)).AsSpan(12));

    static byte[] Topic(Address a) => AbiEncoder.Encode(AbiType.AddressType, a);

    static BigInteger Wad(double value) => new BigInteger(value * 1e6) * BigInteger.Pow(10, 12);

    static BigInteger Units(long whole, int decimals) => whole * BigInteger.Pow(10, decimals);
}
