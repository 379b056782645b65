using System.Numerics;
using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Protocol.Tests.LocalHealth;
using Exactly.Bot.Protocol.Health.Local;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The monitor on its default engine (local health from logs), 0.2.15 devnet.</summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertLogEngineTests(AlertDevnetFixture fixture, ITestOutputHelper output) : AlertLogEngineScenarios(fixture, output);

/// <summary>The monitor on its default engine, current-generation devnet (0.2.24 artifacts).</summary>
[Collection(CurrentAlertDevnetGroup.Name)]
public sealed class AlertLogEngineCurrentTests(CurrentAlertDevnetFixture fixture, ITestOutputHelper output) : AlertLogEngineScenarios(fixture, output);

/// <summary>
/// The log engine behind the monitor (issue 13 item 4), real anvil, real contracts, real SQLite: alerts decided on local
/// figures equal <c>accountLiquidity</c> at the block they name; a corrupted stored state is caught by the per-block sample
/// and the batched reads answer while a fresh backfill rebuilds it; a restart resumes from the stored checkpoint.
/// </summary>
public abstract class AlertLogEngineScenarios(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    const long User = 1002;

    [Fact]
    public async Task LogEngine_WethDownTenPercentThenBackWhileScreening_WarnsAndRecoversOnLocalFiguresEqualToAccountLiquidity()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        var settings = AlertHosts.Settings(fixture, telegram, null);
        // Screen from the first wallet: the lender's reading (a depositor far from every line) is approximate.
        settings["Alerts:ScreenFrom"] = "0";
        await using var host = await AlertHosts.StartAsync(settings);
        var wallet = fixture.Wallets[0];
        await host.WatchAsync("telegram", "1002", wallet, "main");
        await host.WatchAsync("telegram", "3000", fixture.Devnet.Lender, "lender");
        var engine = host.Get<StoredLogHealthEngine>();
        try
        {
            var passes = await host.TicksAsync(fixture, 2);
            var local = new List<bool>();
            var screened = 0;
            foreach (var fraction in new[] { 0.9m, 1m })
            {
                await fixture.SetWethAsync(fraction);
                for (var i = 0; i < 3; i++)
                {
                    passes.Add(await host.TickAsync(fixture));
                    local.Add(engine.Engine!.LastWasLocal);
                    screened += engine.Engine.LastExact < 2 ? 1 : 0;
                }
            }

            Assert.All(passes, p => Assert.Equal(MonitorOutcome.Evaluated, p.Outcome));
            Assert.All(local, Assert.True);
            Assert.True(screened > 0, "no pass screened the lender");
            Assert.False(engine.Engine!.Diverged, engine.Engine.Divergence);
            var alerted = passes.Where(p => p.Alerts > 0).ToList();
            Assert.Equal(2, alerted.Count);
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2, "the two alerts delivered");
            var sent = telegram.SentSnapshot();
            output.WriteLine(string.Join("\n---\n", sent.Select(m => m.Text)));
            Assert.Equal(["Warning:", "Recovered:"], sent.Select(m => new[] { "Warning:", "Recovered:" }.Single(m.Text.Contains)));
            for (var i = 0; i < 2; i++)
            {
                await AlertMonitorTests.AssertNamesBlockAndLiquidityAsync(fixture, host, sent[i].Text, wallet, alerted[i].Block!.Value);
            }

            // History holds only exact figures: every stored reading of the screened lender is accountLiquidity at its block.
            using var connection = host.Get<Database>().Open();
            foreach (var row in connection.Query<(long Block, string Collateral, string Debt)>(
                "SELECT block, collateral, debt FROM position_readings WHERE address = @a", new { a = fixture.Devnet.Lender.ToString() }))
            {
                Assert.Equal(await fixture.LiquidityAtAsync(fixture.Devnet.Lender, row.Block), (BigInteger.Parse(row.Collateral), BigInteger.Parse(row.Debt)));
            }
        }
        finally
        {
            await fixture.ResetPriceAsync();
        }
    }

    [Fact]
    public async Task LogEngine_CorruptedStoredAccountState_DivergesAlertsExactlyAndRebuildsBackOntoLogs()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        var database = TransportHost.NewDatabasePath();
        var wallet = fixture.Wallets[1];
        var settings = AlertHosts.Settings(fixture, telegram, null);
        settings["Alerts:CheckpointInterval"] = "00:00:00";
        try
        {
            int steady;
            await using (var first = await AlertHosts.StartAsync(settings, database))
            {
                await first.WatchAsync("telegram", "1002", wallet, "main");
                steady = (await first.TicksAsync(fixture, 3))[^1].RpcRequests;
                Assert.True(first.Get<StoredLogHealthEngine>().Engine!.LastWasLocal);
            }

            // The stored state says the wallet holds one more WETH of collateral than it does: locally it would stay safe.
            var store = new SqliteLocalHealthStore(new Database(database), TimeProvider.System);
            var indexer = new LogIndexer(fixture.Devnet.Rpc, fixture.Devnet.Deployment.ToProtocolDeployment(), null, await store.LoadAsync());
            var weth = indexer.Applier.Markets.ToList().IndexOf(fixture.Devnet.Deployment.Market("WETH").Market);
            indexer.Book.AddShares(indexer.Head, weth, indexer.Book.IdOf(wallet), Units.Wad);
            await store.SaveAsync(indexer.Checkpoint());

            await using var second = await AlertHosts.StartAsync(settings, database);
            var stored = second.Get<StoredLogHealthEngine>();
            await fixture.SetWethAsync(0.9m);
            var passes = new List<MonitorPass> { await second.TickAsync(fixture) };
            Assert.Equal((1, wallet), (stored.Divergences, stored.DivergedAccount));
            // A restart from here on must backfill: the diverged state is no longer stored.
            Assert.Null(await store.LoadAsync());

            // Rebuilt from a fresh backfill while the batched reads answer, then back on logs within a few blocks.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 4 && stored.Engine?.LastWasLocal != true; i++)
                passes.Add(await second.TickAsync(fixture));
            var rebuilt = (Blocks: passes.Count - 1, clock.Elapsed);
            passes.Add(await second.TickAsync(fixture));
            output.WriteLine($"requests per block: {steady} on logs before; after the divergence {string.Join(", ", passes.Select(p => p.RpcRequests))}; " +
                $"rebuilt (blocks {stored.StartBlock}…{stored.Indexer?.Head}) in {rebuilt.Blocks} blocks, {rebuilt.Elapsed.TotalMilliseconds:N0} ms");

            Assert.True(stored.Engine!.LastWasLocal, "still on the batched reads after the rebuild");
            Assert.False(stored.Engine.Diverged, stored.Engine.Divergence);
            Assert.Equal(1, stored.Divergences);
            Assert.NotNull(stored.StartBlock);
            Assert.True(passes[^1].RpcRequests <= steady, $"{passes[^1].RpcRequests} requests per block after the rebuild, {steady} before");
            var fresh = new LogIndexer(fixture.Devnet.Rpc, fixture.Devnet.Deployment.ToProtocolDeployment(), new LogIndexerOptions { StartBlock = stored.StartBlock!.Value });
            Assert.True((await fresh.SyncAsync(await BlockHeader.ReadAsync(fixture.Devnet.Rpc, BlockParameter.Number(stored.Indexer!.Head)))).CaughtUp);
            BookAssert.Same(fresh.Book, stored.Indexer.Book);
            // The rebuilt state is what a restart resumes now.
            Assert.Equal(stored.Indexer.Head, (await store.LoadAsync())?.Head);

            // Alerts stayed exact throughout: one warning, at the block after the price drop, with accountLiquidity's figures.
            Assert.Equal([0, 1], passes.Take(2).Select(p => p.Alerts));
            Assert.All(passes.Skip(2), p => Assert.Equal(0, p.Alerts));
            await TransportHost.WaitUntilAsync(() => second.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the warning delivered");
            var message = Assert.Single(telegram.SentSnapshot());
            Assert.Contains("Warning:", message.Text, StringComparison.Ordinal);
            await AlertMonitorTests.AssertNamesBlockAndLiquidityAsync(fixture, second, message.Text, wallet, passes[1].Block!.Value);
        }
        finally
        {
            await fixture.ResetPriceAsync();
            TransportHost.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task LogEngine_Restart_ResumesFromTheStoredCheckpointWithoutABackfill()
    {
        await fixture.ResetPriceAsync();
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        var database = TransportHost.NewDatabasePath();
        var settings = AlertHosts.Settings(fixture, null, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        settings["Alerts:CheckpointInterval"] = "00:00:00";
        try
        {
            long saved;
            await using (var first = await AlertHosts.StartAsync(settings, database))
            {
                await first.WatchAsync("telegram", "1002", fixture.Wallets[2], "main");
                var (calls, _) = await CountedTickAsync(first, proxy);
                var engine = first.Get<StoredLogHealthEngine>();
                // A backfill: its first block is answered by the chain (re-validation after the deployment's Upgraded events).
                Assert.False(engine.Engine!.LastWasLocal);
                output.WriteLine($"first life, first pass (backfill from block {engine.Indexer!.LiquidationsFrom}): {calls} requests");
                await first.TicksAsync(fixture, 2);
                Assert.True(engine.Saves >= 3);
                saved = engine.Indexer.Head;
            }

            await using var second = await AlertHosts.StartAsync(settings, database);
            var (resumedCalls, pass) = await CountedTickAsync(second, proxy);
            var resumed = second.Get<StoredLogHealthEngine>();
            output.WriteLine($"second life, first pass (resumed at block {saved}): {resumedCalls} requests");

            Assert.Equal((MonitorOutcome.Evaluated, 1), (pass.Outcome, pass.Readings));
            Assert.True(resumed.Engine!.LastWasLocal, "the resumed engine answered from the chain");
            Assert.Equal(saved + 1, resumed.Indexer!.Head);
            // The engine's own requests: the block's logs, the one pinned call, and once per process the listing: allMarkets()
            // and markets(m) of each (a backfill would page through the logs from the start block). The process total also
            // holds the head read and the notices' once-per-process reads (the market catalogue, statuses, fixed borrows).
            Assert.True(pass.RpcRequests <= 2 + 1 + fixture.Devnet.Deployment.Markets.Count, $"{pass.RpcRequests} engine requests after the restart ({resumedCalls} in all)");
        }
        finally
        {
            TransportHost.DeleteDatabase(database);
        }
    }

    async Task<(long Calls, MonitorPass Pass)> CountedTickAsync(TransportHost host, RpcProxy proxy)
    {
        await fixture.Devnet.MineAsync();
        var before = proxy.Calls;
        var pass = await host.Get<AlertMonitor>().EvaluateOnceAsync(CancellationToken.None);
        return (proxy.Calls - before, pass);
    }
}
