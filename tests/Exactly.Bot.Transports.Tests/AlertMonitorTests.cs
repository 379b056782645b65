using System.Numerics;
using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Storage;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// The monitor on a real devnet (anvil, Exactly 0.2.15, real SQLite file), alerts delivered to the Telegram fake as direct
/// messages: a WETH-collateral / USDC-debt wallet at health ≈ 1.33 moved through the tiers by the WETH price.
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed class AlertMonitorTests(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    const long User = 1001;

    [Fact]
    public async Task Monitor_WethDownTenThenTwentyPercentThenBackThenDownAgain_WarnsDangersRecoversAndWarnsAgainOnceEach()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null));
        var wallet = fixture.Wallets[0];
        await host.WatchAsync("telegram", "1001", wallet, "main");
        try
        {
            var passes = await host.TicksAsync(fixture, 2);
            foreach (var fraction in new[] { 0.9m, 0.8m, 1m, 0.9m })
            {
                await fixture.SetWethAsync(fraction);
                passes.AddRange(await host.TicksAsync(fixture, 3));
            }

            Assert.All(passes, p => Assert.Equal(MonitorOutcome.Evaluated, p.Outcome));
            var alerted = passes.Where(p => p.Alerts > 0).ToList();
            Assert.Equal(4, alerted.Count);
            Assert.All(alerted, p => Assert.Equal(1, p.Alerts));
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 4, "the four alerts delivered");

            var sent = telegram.SentSnapshot();
            output.WriteLine(string.Join("\n---\n", sent.Select(m => m.Text)));
            Assert.Equal(4, sent.Length);
            Assert.All(sent, m => Assert.Equal(User, m.ChatId));
            Assert.Equal(["Warning:", "Danger:", "Recovered:", "Warning:"], sent.Select(m => new[] { "Warning:", "Danger:", "Recovered:" }.Single(m.Text.Contains)));
            // An entered tier carries its facts and a fix (this wallet's WETH collateral against USDC debt: a repay).
            Assert.All(sent.Where(m => !m.Text.Contains("Recovered:", StringComparison.Ordinal)), m => Assert.Contains("% liquidates", m.Text, StringComparison.Ordinal));
            Assert.All(sent.Where(m => !m.Text.Contains("Recovered:", StringComparison.Ordinal)), m => Assert.Contains("Fix", m.Text, StringComparison.Ordinal));
            for (var i = 0; i < 4; i++)
            {
                await AssertNamesBlockAndLiquidityAsync(host, sent[i].Text, wallet, alerted[i].Block!.Value);
            }

            Assert.Equal(0, telegram.TooManyRequests);
            Assert.Empty(telegram.ViolationsSnapshot());
        }
        finally
        {
            await fixture.ResetPriceAsync();
        }
    }

    [Fact]
    public async Task Monitor_StoppedAfterTheTierCommitBeforeDelivery_DeliversTheAlertExactlyOnceAfterRestart()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        var database = TransportHost.NewDatabasePath();
        var wallet = fixture.Wallets[0];
        try
        {
            // First life: Telegram cannot be reached, so the alert's row is committed with the tier change and stays undelivered.
            var unreachable = AlertHosts.Settings(fixture, telegram, null);
            unreachable["Telegram:BaseUrl"] = "http://127.0.0.1:9/";
            long crossing;
            await using (var first = await AlertHosts.StartAsync(unreachable, database))
            {
                await first.WatchAsync("telegram", "1001", wallet, "main");
                await first.TicksAsync(fixture, 2);
                await fixture.SetWethAsync(0.9m);
                var passes = await first.TicksAsync(fixture, 2);
                Assert.Equal([0, 1], passes.Select(p => p.Alerts));
                crossing = passes[1].Block!.Value;
                Assert.Equal(1, first.Count("SELECT COUNT(*) FROM outbox"));
                Assert.Equal(0, first.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
            }

            Assert.Empty(telegram.SentSnapshot());

            // Second life on the same file: the tier is latched (no second alert) and the queued one is delivered once.
            await using var second = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null), database);
            Assert.Equal(0, (await second.TickAsync(fixture)).Alerts);
            await TransportHost.WaitUntilAsync(() => second.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1, "the alert delivered after the restart");

            Assert.Equal(1, second.Count("SELECT COUNT(*) FROM outbox"));
            var message = Assert.Single(telegram.SentSnapshot());
            Assert.Equal(User, message.ChatId);
            await AssertNamesBlockAndLiquidityAsync(second, message.Text, wallet, crossing);
        }
        finally
        {
            await fixture.ResetPriceAsync();
            TransportHost.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task Monitor_AThirdPartyLiquidatesAWatchedWallet_ItsWatcherIsToldOnce()
    {
        await fixture.ResetPriceAsync();
        // The liquidation changes the wallet for good: the chain goes back to this point afterwards for the other tests.
        var snapshot = (await fixture.Devnet.Rpc.RequestAsync("evm_snapshot", [])).GetString()!;
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null));
        try
        {
            await host.WatchAsync("telegram", "1001", fixture.Wallets[2], "main");
            await host.TicksAsync(fixture, 2);
            await fixture.SetWethAsync(0.7m);
            await fixture.LiquidateAsync(fixture.Wallets[2]);
            var passes = await host.TicksAsync(fixture, 3);
            Assert.All(passes, p => Assert.Equal(MonitorOutcome.Evaluated, p.Outcome));
            await TransportHost.WaitUntilAsync(
                () => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == host.Count("SELECT COUNT(*) FROM outbox"), "every alert delivered");

            var sent = telegram.SentSnapshot();
            output.WriteLine(string.Join("\n---\n", sent.Select(m => m.Text)));
            var told = Assert.Single(sent, m => m.Text.Contains("You were liquidated: main", StringComparison.Ordinal));
            Assert.Equal(User, told.ChatId);
            Assert.Contains("Seized", told.Text, StringComparison.Ordinal);
            Assert.Equal(0, telegram.TooManyRequests);
        }
        finally
        {
            await fixture.Devnet.Rpc.RequestAsync("evm_revert", [snapshot]);
            await fixture.ResetPriceAsync();
        }
    }

    Task AssertNamesBlockAndLiquidityAsync(TransportHost host, string text, Address wallet, long block) =>
        AssertNamesBlockAndLiquidityAsync(fixture, host, text, wallet, block);

    /// <summary>The alert names its block, and its figures are <c>accountLiquidity</c> at that block, read independently.</summary>
    internal static Task AssertNamesBlockAndLiquidityAsync(AlertDevnetFixture fixture, TransportHost host, string text, Address wallet, long block) =>
        AssertNamesBlockAndLiquidityAsync(fixture, host.Get<Database>(), text, wallet, block);

    /// <inheritdoc cref="AssertNamesBlockAndLiquidityAsync(AlertDevnetFixture, TransportHost, string, Address, long)"/>
    internal static async Task AssertNamesBlockAndLiquidityAsync(AlertDevnetFixture fixture, Database database, string text, Address wallet, long block)
    {
        Assert.Contains($"block {block}", text, StringComparison.Ordinal);
        var (collateral, debt) = await fixture.LiquidityAtAsync(wallet, block);
        // The health factor rounded down to two decimals (an alert for "below 1.25" never shows 1.25), and the risk-adjusted sums.
        var hf = HealthFactor.Of(collateral, debt)!.Value;
        Assert.Contains($"Health factor {Units.Format(hf / (Units.Wad / 100) * (Units.Wad / 100), 18, 2)} {HealthFactor.Describe(hf)}", text, StringComparison.Ordinal);
        Assert.Contains($"Collateral    {Units.Format(collateral, 18, 2)} USD", text, StringComparison.Ordinal);
        Assert.Contains($"Debt          {Units.Format(debt, 18, 2)} USD", text, StringComparison.Ordinal);
        Assert.Contains($"Evaluated at block {block} (", text, StringComparison.Ordinal);
        // To the wei: the reading the alert was based on is stored with its block.
        using var connection = database.Open();
        var stored = connection.QuerySingle<(string Collateral, string Debt)>(
            "SELECT collateral, debt FROM position_readings WHERE address = @a AND block = @block", new { a = wallet.ToString(), block });
        Assert.Equal((collateral, debt), (BigInteger.Parse(stored.Collateral), BigInteger.Parse(stored.Debt)));
    }
}
