using System.Diagnostics;
using System.Globalization;
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
/// blocks each with 1,000 touched accounts (their eth_getLogs JSON parsed, decoded and applied) and a WETH price move,
/// screened in double precision with the exact path for flagged accounts. CPU ms per block, RSS, start-up from a stored
/// book, and the batched engine's requests for the same accounts (computed from its measured gas per account).
/// Run: <c>dotnet run -c Release --project bench/Exactly.Bot.Benchmarks -- local-health [accounts] [blocks]</c>.
/// </summary>
public static class LocalHealthHarness
{
    static readonly Address Auditor = new(Keccak256.Hash("auditor").AsSpan(12));
    static readonly Address[] MarketAddresses = Enumerable.Range(0, 3).Select(i => new Address(Keccak256.Hash($"market {i}").AsSpan(12))).ToArray();

    public static async Task RunAsync(int accounts, int blocks)
    {
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
        Console.WriteLine($"book of {accounts:N0} accounts built in {watch.Elapsed.TotalSeconds:0.0} s; RSS {Rss():N0} MB");

        var screen = new HealthScreen([Wad(1), Wad(1.05), Wad(1.25)]);
        var timestamp = 1_800_000_000L;
        var first = screen.Run(book, markets, states, timestamp, []);
        Console.WriteLine($"first pass: {first.Flagged:N0} flagged of {first.Screened:N0} (every account takes its place once)");

        var cpu = new List<double>();
        var wall = new List<double>();
        var phases = new double[3];
        var flagged = new List<int>();
        for (var b = 0; b < blocks; b++)
        {
            var json = LogsJson(random, accounts, 1_000, 1_000_000 + b);
            var priceMove = 1 + ((random.NextDouble() - 0.5) / 100);
            var weth = states[1]!;
            var p0 = Cpu();
            var t0 = Stopwatch.GetTimestamp();
            using (var document = JsonDocument.Parse(json))
            {
                foreach (var log in document.RootElement.EnumerateArray().Select(ChainLog.FromJson))
                    applier.Apply(log);
            }

            var p1 = Cpu();
            states[1] = weth with { Price = (BigInteger)((double)weth.Price!.Value * priceMove) };
            var result = screen.Run(book, markets, states, timestamp += 2, book.TakeTouched());
            var p2 = Cpu();
            wall.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            book.Forget(long.MaxValue);
            var p3 = Cpu();
            screen.Run(book, markets, states, timestamp, []);
            phases[2] += (Cpu() - p3).TotalMilliseconds;
            cpu.Add((p2 - p0).TotalMilliseconds);
            phases[0] += (p1 - p0).TotalMilliseconds;
            phases[1] += (p2 - p1).TotalMilliseconds;
            flagged.Add(result.Flagged);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per block ({blocks} blocks, 1,000 touched accounts + a WETH price move): wall median {Median(wall):0.0} ms, p95 {P95(wall):0.0} ms; " +
            $"CPU median {Median(cpu):0.0} ms, p95 {P95(cpu):0.0} ms (process CPU time); mean CPU: logs {phases[0] / blocks:0.0} ms, screen+exact {phases[1] / blocks:0.0} ms " +
            $"(screen alone, nothing touched or moved: {phases[2] / blocks:0.0} ms); flagged median {Median(flagged.Select(f => (double)f).ToList()):0}; machine load average {LoadAverage()}"));
        Console.WriteLine($"RSS after {blocks} blocks: {Rss():N0} MB (GC heap {GC.GetTotalMemory(false) / 1_000_000:N0} MB)");
        await StartUpAsync(book, accounts);
        Batched(accounts);
    }

    static async Task StartUpAsync(AccountBook book, int accounts)
    {
        var path = Path.Combine(Path.GetTempPath(), $"local-health-bench-{Environment.ProcessId}.book");
        try
        {
            await using (var stream = File.Create(path))
                await AccountBookSnapshot.WriteAsync(book, stream);
            var watch = Stopwatch.StartNew();
            await using var input = File.OpenRead(path);
            var loaded = await AccountBookSnapshot.ReadAsync(input);
            Console.WriteLine($"start-up from the stored book ({new FileInfo(path).Length / 1_000_000:N0} MB, {loaded.Count:N0} accounts): {watch.Elapsed.TotalMilliseconds:N0} ms");
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batched engine at {n:N0} wallets (computed): {requests:N0} eth_call requests/block ({perCall} accounts each), ~{n / 19_000.0:0.0} s of node time/block; log engine: 2–3 requests/block, ratio {requests / 3.0:N0}×"));
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

    /// <summary>An eth_getLogs answer: per touched account a USDC Borrow (half) or a WETH deposit Transfer (mint).</summary>
    static string LogsJson(Random random, int accounts, int touched, long block)
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

        return text.Append(']').ToString();
    }

    static Address Account(int i) => new(Keccak256.Hash(BitConverter.GetBytes(i)).AsSpan(12));

    static byte[] Topic(Address a) => AbiEncoder.Encode(AbiType.AddressType, a);

    static BigInteger Wad(double value) => new BigInteger(value * 1e6) * BigInteger.Pow(10, 12);

    static BigInteger Units(long whole, int decimals) => whole * BigInteger.Pow(10, decimals);

    static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    static long Rss() => Process.GetCurrentProcess().WorkingSet64 / 1_000_000;

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    static double P95(List<double> values) => values.Order().ElementAt(Math.Min(values.Count - 1, values.Count * 95 / 100));
}
