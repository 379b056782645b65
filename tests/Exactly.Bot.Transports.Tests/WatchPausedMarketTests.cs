using System.Globalization;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Protocol.Contracts;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// Issue 12's gap: the monitor says a market's pause only when it happens, so someone who starts watching a wallet after the
/// pause must hear it from <c>/watch</c> itself (the alerts devnet, the Telegram fake, the monitor driven block by block).
/// </summary>
[Collection(AlertDevnetGroup.Name)]
public sealed partial class WatchPausedMarketTests(AlertDevnetFixture fixture, ITestOutputHelper output)
{
    const long Early = 4001;
    const long Late = 4002;

    [Fact]
    public async Task Watch_AWalletUsingAnAlreadyPausedMarket_TheReplySaysSoOnceAndTheUnpauseReachesTheNewWatcher()
    {
        await fixture.ResetPriceAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(Early);
        telegram.StartedBy(Late);
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null));
        await fixture.OnSnapshotAsync(async () =>
        {
            // The early watcher hears the pause when it happens, and the monitor records it as said.
            var wallet = fixture.Wallets[1];
            await host.WatchAsync("telegram", Early.ToString(CultureInfo.InvariantCulture), wallet, "main");
            await host.TicksAsync(fixture, 2);
            await fixture.PauseAsync("USDC");
            var paused = await fixture.Devnet.Rpc.BlockNumberAsync();
            Assert.Equal([1, 0], (await host.TicksAsync(fixture, 2)).Select(p => p.Messages));

            // The late watcher starts after it: the reply says it for the wallet that borrows USDC, not for one without a position.
            telegram.PushMessage(Late, Late, $"/watch {wallet} late");
            telegram.PushMessage(Late, Late, $"/watch {fixture.Devnet.Accounts[8]} empty");
            await TransportHost.WaitUntilAsync(() => To(telegram, Late).Count(m => m.Text.StartsWith("Watching", StringComparison.Ordinal)) == 2, "both /watch replies");
            var replies = To(telegram, Late);
            output.WriteLine(string.Join("\n---\n", replies.Select(m => m.Text)));
            Assert.Contains(
                "\nThe USDC market is paused: late cannot repay, deleverage or be liquidated there until it is unpaused. The fix cannot be sent now.\n(Read at block ",
                replies[0].Text,
                StringComparison.Ordinal);
            Assert.DoesNotContain("market is", replies[1].Text, StringComparison.Ordinal);
            // The block it names is a real one at which the market was paused, read independently.
            var block = long.Parse(ReadAt().Match(replies[0].Text).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.InRange(block, paused, await fixture.Devnet.Rpc.BlockNumberAsync());
            Assert.True(await PausedAtAsync("USDC", block));

            // The monitor says nothing more while it stays paused, and tells both watchers once when it ends.
            Assert.All(await host.TicksAsync(fixture, 2), p => Assert.Equal(0, p.Messages));
            await fixture.PauseAsync("USDC", paused: false);
            Assert.Equal([2, 0], (await host.TicksAsync(fixture, 2)).Select(p => p.Messages));
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == host.Count("SELECT COUNT(*) FROM outbox"), "every message delivered");
            var late = To(telegram, Late);
            Assert.Single(late, m => m.Text.Contains("The USDC market is paused", StringComparison.Ordinal));
            Assert.Single(late, m => m.Text.Contains("The USDC market is unpaused: late can repay", StringComparison.Ordinal));
            Assert.Single(To(telegram, Early), m => m.Text.Contains("The USDC market is unpaused: main can repay", StringComparison.Ordinal));
            Assert.Empty(telegram.ViolationsSnapshot());
        });
    }

    static TelegramSent[] To(FakeTelegramServer telegram, long chat) => [.. telegram.SentSnapshot().Where(m => m.ChatId == chat)];

    async Task<bool> PausedAtAsync(string symbol, long block)
    {
        var data = await fixture.Devnet.Rpc.CallAsync(new TransactionRequest(fixture.Devnet.Deployment.Market(symbol).Market, MarketAbi.Paused.Encode()), BlockParameter.Number(block));
        return (bool)MarketAbi.Paused.Decode(data)[0]!;
    }

    [GeneratedRegex(@"\(Read at block (\d+);")]
    private static partial Regex ReadAt();
}

/// <summary>The same gap for a freeze (the current generation only: 0.2.15 markets cannot be frozen).</summary>
[Collection(CurrentAlertDevnetGroup.Name)]
public sealed class WatchFrozenMarketTests(CurrentAlertDevnetFixture fixture, ITestOutputHelper output)
{
    static readonly Ethereum.Abi.AbiFunction SetFrozen = Ethereum.Abi.AbiFunction.Parse("setFrozen(bool)");

    [Fact]
    public async Task Watch_AWalletUsingAFrozenMarket_TheReplySaysRepayingStillWorks()
    {
        const long User = 4003;
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        await using var host = await AlertHosts.StartAsync(AlertHosts.Settings(fixture, telegram, null));
        await fixture.OnSnapshotAsync(async () =>
        {
            var usdc = fixture.Devnet.Deployment.Market("USDC").Market;
            Assert.True((await fixture.Devnet.SendAsync(new TransactionRequest(usdc, SetFrozen.Encode(true), fixture.Devnet.Deployer))).Succeeded);
            telegram.PushMessage(User, User, $"/watch {fixture.Wallets[1]} main");
            await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(m => m.ChatId == User), "the /watch reply");
            var reply = telegram.SentSnapshot().Single(m => m.ChatId == User).Text;
            output.WriteLine(reply);
            Assert.Contains("\nThe USDC market is frozen: main cannot add deposits or borrows there; repaying still works.\n(Read at block ", reply, StringComparison.Ordinal);
            Assert.DoesNotContain("is paused", reply, StringComparison.Ordinal);
        });
    }
}

/// <summary>The markets are read after the wallet is stored: a chain that does not answer costs the note, never the watch.</summary>
public sealed class WatchWithoutChainTests
{
    [Fact]
    public async Task Watch_ChainDown_TheWalletIsWatchedAndTheReplySaysItsMarketsWereNotRead()
    {
        const long User = 4004;
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.StartedBy(User);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(telegram, null));
        telegram.PushMessage(User, User, "/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 main");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Length > 0, "the /watch reply");

        var reply = Assert.Single(telegram.SentSnapshot()).Text;
        Assert.StartsWith("Watching main (0x7099…79C8)", reply, StringComparison.Ordinal);
        Assert.EndsWith("\nIts markets could not be read just now (the chain did not answer), so a pause or freeze of one it uses is not said here.", reply, StringComparison.Ordinal);
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM watched_wallets"));
    }
}
