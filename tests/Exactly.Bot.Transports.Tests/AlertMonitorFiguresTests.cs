using System.Diagnostics;
using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// What one block costs the monitor with many watched addresses (ten per user): the JSON-RPC requests the node sees (one head
/// read plus the engine's gas-sized Multicall3 chunks) and the wall time of a pass, printed. Most addresses are empty
/// accounts (cheap calls), so this measures the monitor and SQLite more than the node; the engine's own figures with
/// positions are in BatchedLiquidityEngineTests.
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertMonitorFiguresTests(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    // 10,000 failed before the engine split its calls into requests of one call each: all of them in one JSON-RPC batch
    // (7 calls of ~1,500 accounts, ~2 MB) was refused whole by anvil (-32600 Invalid request), so no block could be evaluated.
    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public async Task Monitor_ManyWatchedAddressesWithTheBatchedEngine_OneHeadReadPlusTheEnginesChunksPerBlock(int count)
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        var settings = AlertHosts.Settings(fixture, null, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        settings["Alerts:Engine"] = "batched";
        await using var host = await AlertHosts.StartAsync(settings);
        var addresses = Addresses(count);
        Insert(host.Get<Database>(), addresses);
        var monitor = host.Get<AlertMonitor>();
        var engine = (BatchedLiquidityEngine)host.Get<IHealthEngine>();

        var lines = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (pass, calls, elapsed) = await PassAsync(proxy, monitor);

            Assert.Equal((MonitorOutcome.Evaluated, count), (pass.Outcome, pass.Readings));
            // Besides the head and the engine: the Liquidate logs of the watched borrowers (one eth_getLogs per 500), and the
            // markets' pause and freeze (one aggregate3); the watched fixed borrows are read on the first pass only (every 5 minutes).
            var logs = (int)Math.Ceiling(count / (double)LiquidationReader.BorrowersPerRequest);
            if (i > 0)
            {
                // Steady state: the gas model is measured once; then one aggregate3 per chunk.
                Assert.Equal((int)Math.Ceiling(count / (double)engine.AccountsPerCall), pass.RpcRequests);
                Assert.Equal(1 + pass.RpcRequests + logs + 1, calls);
            }
            else
            {
                // The first pass also loads the market catalogue (the markets the Liquidate logs are filtered by).
                Assert.True(calls > 1 + pass.RpcRequests + logs, $"{calls} calls on the first pass");
            }

            lines.Add($"batched engine, {count:N0} addresses, pass {i + 1}: {calls} JSON-RPC requests ({engine.AccountsPerCall} accounts per call), {elapsed.TotalMilliseconds:N0} ms");
        }

        output.WriteLine(string.Join('\n', lines));
    }

    // The default engine: after its backfill and the re-validation that the deployment's Upgraded events ask for, a block
    // costs the head read, the block's logs (Liquidate included) and one pinned eth_call, whatever the number of wallets.
    [Fact]
    public async Task Monitor_AThousandWatchedAddressesWithTheLogEngine_AtMostThreeRequestsPerBlockInSteadyState()
    {
        const int Count = 1_000;
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        var settings = AlertHosts.Settings(fixture, null, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        await using var host = await AlertHosts.StartAsync(settings);
        var addresses = Addresses(Count);
        Insert(host.Get<Database>(), addresses);
        var monitor = host.Get<AlertMonitor>();
        var engine = host.Get<StoredLogHealthEngine>();
        Assert.Same(engine, host.Get<IHealthEngine>());

        var lines = new List<string>();
        var steady = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var (pass, calls, elapsed) = await PassAsync(proxy, monitor);
            Assert.Equal((MonitorOutcome.Evaluated, Count), (pass.Outcome, pass.Readings));
            lines.Add($"log engine, {Count:N0} addresses, pass {i + 1}: {calls} JSON-RPC requests (local: {engine.Engine!.LastWasLocal}), {elapsed.TotalMilliseconds:N0} ms");
            if (engine.Engine.LastWasLocal && engine.Engine.Revalidations > 0 && i > 1)
            {
                steady.Add(calls);
            }
        }

        output.WriteLine(string.Join('\n', lines));
        Assert.False(engine.Engine!.Diverged, engine.Engine.Divergence);
        Assert.NotEmpty(steady);
        Assert.All(steady, calls => Assert.True(calls <= 3, string.Join('\n', lines)));
        // Every watched figure of the last block equals accountLiquidity read on its own.
        foreach (var wallet in fixture.Wallets)
        {
            var reading = (await host.Get<PositionHistory>().LatestAsync(wallet, CancellationToken.None))!;
            Assert.Equal(await fixture.LiquidityAtAsync(wallet, reading.Block), (reading.Collateral, reading.Debt));
        }
    }

    async Task<(MonitorPass Pass, long Calls, TimeSpan Elapsed)> PassAsync(RpcProxy proxy, AlertMonitor monitor)
    {
        await fixture.Devnet.MineAsync();
        var before = proxy.Calls;
        var watch = Stopwatch.StartNew();
        var pass = await monitor.EvaluateOnceAsync(CancellationToken.None);
        return (pass, proxy.Calls - before, watch.Elapsed);
    }

    Address[] Addresses(int count) =>
        fixture.Wallets.Concat(Enumerable.Range(0, count - fixture.Wallets.Count).Select(i => new Address(Keccak256.Hash($"watcher {i}").AsSpan(12)))).ToArray();

    static void Insert(Database database, Address[] addresses)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var t = AlertThresholds.Default;
        for (var i = 0; i < addresses.Length; i++)
        {
            connection.Execute(
                """
                INSERT INTO watched_wallets (transport, user_id, address, label, warning_wad, danger_wad, rearm_wad, fix_target_wad, alerts_on, created_at)
                VALUES ('telegram', @user, @address, @label, @w, @d, @r, @f, 1, 0)
                """,
                new { user = (900_000 + (i / 10)).ToString(System.Globalization.CultureInfo.InvariantCulture), address = addresses[i].ToString(), label = $"w{i % 10}", w = t.Warning.ToString(), d = t.Danger.ToString(), r = t.RearmMargin.ToString(), f = WatchedWallet.DefaultFixTarget.ToString() },
                transaction);
        }

        transaction.Commit();
    }
}
