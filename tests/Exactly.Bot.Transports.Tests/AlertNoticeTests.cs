using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// The notices besides health tiers on a real devnet (anvil, Exactly 0.2.15, real SQLite file), delivered to the Telegram
/// fake: a fixed borrow's maturity reminders as chain time is moved, and a market paused and unpaused by the devnet's admin.
/// Each test puts the chain (and its clock) back afterwards.
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertNoticeTests(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    const long User = 3001;
    static readonly BigInteger Borrowed = 500_000_000; // 500 USDC

    [Fact]
    public async Task Monitor_FixedBorrowAsChainTimeNears_AndPassesItsMaturity_OneDueIn24hOneDueIn1hOneOverdueAcrossARestart()
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        var settings = AlertHosts.Settings(fixture, telegram, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        settings["Ethereum:Rpc:MaxAttempts"] = "1";
        var database = TransportHost.NewDatabasePath();
        var wallet = fixture.Devnet.Accounts[6];
        var host = await AlertHosts.StartAsync(settings, database);
        try
        {
            await fixture.OnSnapshotAsync(async () =>
            {
                var maturity = await fixture.BorrowFixedAsync(wallet, Borrowed, TimeSpan.FromDays(2));
                await host.WatchAsync("telegram", "3001", wallet, "main");
                var passes = await host.TicksAsync(fixture, 2);

                await WarpToAsync(maturity - (23 * 3600));
                // A failed read at the crossing block says nothing and records nothing; the next block says it.
                proxy.Always = Fault.ServerError;
                Assert.Empty(await ReadAndApplyAsync(host));
                Assert.Equal(0, host.Count("SELECT COUNT(*) FROM maturity_notices"));
                proxy.Always = null;
                passes.AddRange(await host.TicksAsync(fixture, 2));

                // A restart neither repeats the reminder nor forgets it.
                await host.DisposeAsync();
                host = await AlertHosts.StartAsync(settings, database);
                passes.AddRange(await host.TicksAsync(fixture, 2));

                await WarpToAsync(maturity - 1_800);
                passes.AddRange(await host.TicksAsync(fixture, 2));
                await WarpToAsync(maturity + 86_400);
                passes.AddRange(await host.TicksAsync(fixture, 2));

                Assert.All(passes, p => Assert.Equal((MonitorOutcome.Evaluated, 0), (p.Outcome, p.Alerts)));
                Assert.Equal([0, 0, 1, 0, 0, 0, 1, 0, 1, 0], passes.Select(p => p.Messages));
                await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 3, "the three reminders delivered");
                var sent = telegram.SentSnapshot();
                output.WriteLine(string.Join("\n---\n", sent.Select(m => m.Text)));
                Assert.Equal(3, sent.Length);
                Assert.All(sent, m => Assert.Equal(User, m.ChatId));
                var blocks = passes.Where(p => p.Messages > 0).Select(p => p.Block!.Value).ToArray();
                Assert.StartsWith($"Maturity reminder at block {blocks[0]}\n\nDue in 24 h: main's fixed USDC borrow of ", sent[0].Text, StringComparison.Ordinal);
                Assert.StartsWith($"Maturity reminder at block {blocks[1]}\n\nDue in 1 h: main's fixed USDC borrow of ", sent[1].Text, StringComparison.Ordinal);
                Assert.StartsWith($"Maturity reminder at block {blocks[2]}\n\nOverdue: main's fixed USDC borrow of ", sent[2].Text, StringComparison.Ordinal);
                Assert.Contains($"was due {DateTimeOffset.FromUnixTimeSeconds(maturity):yyyy-MM-dd HH:mm} UTC", sent[2].Text, StringComparison.Ordinal);
                Assert.Contains($"accruing {await PenaltyPerDayAsync(wallet, maturity, blocks[2])} USDC per day", sent[2].Text, StringComparison.Ordinal);
                for (var i = 0; i < 3; i++)
                {
                    Assert.Contains($"Evaluated at block {blocks[i]} (", sent[i].Text, StringComparison.Ordinal);
                }

                Assert.Equal(0, telegram.TooManyRequests);
                // The reminders were decided with the log engine answering (its book gave the refreshed fixed borrows).
                Assert.True(host.Get<StoredLogHealthEngine>().Engine!.LastWasLocal);
            });
        }
        finally
        {
            await host.DisposeAsync();
            TransportHost.DeleteDatabase(database);
        }
    }

    [Theory]
    [InlineData("log")]
    [InlineData("batched")]
    public async Task Monitor_FixedBorrowRefreshEveryFiveMinutes_TakenFromTheLogEnginesBookWithoutPerWalletReads_ReadWhenBatched(string engine)
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        var settings = AlertHosts.Settings(fixture, null, null);
        settings["Chain:RpcUrls:0"] = proxy.Url.ToString();
        settings["Alerts:Engine"] = engine;
        await using var host = await AlertHosts.StartAsync(settings);
        var (wallet, empty) = (fixture.Devnet.Accounts[6], fixture.Devnet.Accounts[8]);
        await fixture.OnSnapshotAsync(async () =>
        {
            var maturity = await fixture.BorrowFixedAsync(wallet, Borrowed, TimeSpan.FromDays(2));
            await host.WatchAsync("telegram", "3001", wallet, "main");
            await host.WatchAsync("telegram", "3002", empty, "empty");
            // Backfill, the re-validation after the deployment's Upgraded events, then local answers.
            var passes = await host.TicksAsync(fixture, 3);

            // Steady state: every pass is more than RefreshSeconds of chain time after the last, so each one refreshes.
            var accountsCall = Hex.Encode(MarketAbi.Accounts.Encode(wallet), prefix: false);
            var before = proxy.RequestsContaining(accountsCall);
            for (var i = 0; i < 3; i++)
            {
                await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromSeconds(BlockNotices.RefreshSeconds + 1));
                passes.Add(await host.TickAsync(fixture));
            }

            var reads = proxy.RequestsContaining(accountsCall) - before;
            output.WriteLine($"{engine}: {reads} requests read accounts(wallet) in 3 refreshing passes; {string.Join(", ", passes.Select(p => p.RpcRequests))} engine requests per pass");
            Assert.All(passes, p => Assert.Equal((MonitorOutcome.Evaluated, 0, 0), (p.Outcome, p.Alerts, p.Messages)));
            if (engine == "batched")
            {
                Assert.Equal(3, reads);
                return;
            }

            Assert.Equal(0, reads);
            // What the book holds at the last evaluated block is what the chain says there, to the wei.
            var local = host.Get<StoredLogHealthEngine>();
            Assert.True(local.Engine!.LastWasLocal);
            var head = await BlockHeader.ReadAsync(fixture.Devnet.Rpc, BlockParameter.Number(passes[^1].Block!.Value));
            var held = local.FixedBorrowsAt([wallet, empty], head);
            Assert.NotNull(held);
            var chain = await host.Get<PositionReader>().ReadFixedBorrowsAsync([wallet, empty], head);
            var usdc = fixture.Devnet.Deployment.Market("USDC").Market;
            Assert.Equal([new HeldFixedBorrow(usdc, maturity, chain[wallet].Single().Borrow.Owed)], held[wallet]);
            Assert.Empty(held[empty]);
            Assert.False(chain.ContainsKey(empty));
            // Another block than the one the engine answered: no local answer, the caller reads.
            Assert.Null(local.FixedBorrowsAt([wallet], await BlockHeader.ReadAsync(fixture.Devnet.Rpc, BlockParameter.Number(head.Number - 1))));
        });
    }

    [Fact]
    public async Task Monitor_UsdcMarketPausedThenUnpaused_TellsItsUsersOnceEachAndNobodyElse()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        telegram.StartedBy(User + 1);
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null));
        await fixture.OnSnapshotAsync(async () =>
        {
            // The fixture's wallet borrows USDC; the second user's wallet has no position at all.
            await host.WatchAsync("telegram", "3001", fixture.Wallets[1], "main");
            await host.WatchAsync("telegram", "3002", fixture.Devnet.Accounts[8], "empty");
            var passes = await host.TicksAsync(fixture, 2);
            await fixture.PauseAsync("USDC");
            passes.AddRange(await host.TicksAsync(fixture, 2));
            await fixture.PauseAsync("USDC", paused: false);
            passes.AddRange(await host.TicksAsync(fixture, 2));

            Assert.Equal([0, 0, 1, 0, 1, 0], passes.Select(p => p.Messages));
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2, "both notices delivered");
            var sent = telegram.SentSnapshot();
            output.WriteLine(string.Join("\n---\n", sent.Select(m => m.Text)));
            Assert.All(sent, m => Assert.Equal(User, m.ChatId));
            Assert.Equal(2, sent.Length);
            Assert.StartsWith($"Market notice at block {passes[2].Block}\n\nThe USDC market is paused: main cannot repay", sent[0].Text, StringComparison.Ordinal);
            Assert.Contains("The fix cannot be sent now.", sent[0].Text, StringComparison.Ordinal);
            Assert.Null(sent[0].ReplyMarkup); // said, not linked
            Assert.StartsWith($"Market notice at block {passes[4].Block}\n\nThe USDC market is unpaused: main can repay", sent[1].Text, StringComparison.Ordinal);
        });
    }

    /// <summary>Moves chain time to <paramref name="timestamp"/> (the next block's), as <c>/demo warp</c> does.</summary>
    async Task WarpToAsync(long timestamp) =>
        await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromSeconds(timestamp - await fixture.Devnet.TimestampAsync()));

    /// <summary>One notices read at the head and its decision in a transaction that is rolled back; the messages it would send.</summary>
    async Task<IReadOnlyList<(WalletOwner, AlertMessage)>> ReadAndApplyAsync(TransportHost host)
    {
        var notices = host.Get<BlockNotices>();
        var wallets = await host.Get<WatchStore>().AllAsync(CancellationToken.None);
        // The head from the node itself: the bot's way to it is the failing proxy.
        var head = await BlockHeader.ReadAsync(fixture.Devnet.Rpc);
        var reads = await notices.ReadAsync(wallets, head, null, CancellationToken.None);
        await using var connection = host.Get<Database>().Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        return notices.Apply(connection, transaction, reads, 0);
    }

    /// <summary>owed · penaltyRate · 1 day / 1e18 from the market's own views at <paramref name="block"/>, as the text shows it.</summary>
    async Task<string> PenaltyPerDayAsync(Address wallet, long maturity, long block)
    {
        var market = fixture.Devnet.Deployment.Market("USDC").Market;
        var at = BlockParameter.Number(block);
        var rate = (BigInteger)(await fixture.Devnet.Rpc.CallAsync(market, MarketAbi.PenaltyRate, [], at))[0]!;
        var position = await fixture.Devnet.Rpc.CallAsync(market, MarketAbi.FixedBorrowPositions, [new BigInteger(maturity), wallet], at);
        var owed = (BigInteger)position[0]! + (BigInteger)position[1]!;
        return Units.Format(owed * (86_400 * rate) / Units.Wad, 6);
    }
}
