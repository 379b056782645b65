using System.Numerics;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>Local health state survives a restart in the bot's SQLite file and resumes from its head, not from genesis.</summary>
public sealed class LocalHealthRestartTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-local-health-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task Restart_FromTheSqliteCheckpoint_ResumesAtItsHeadAndEqualsAFreshBackfill()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var (usdc, weth) = (devnet.Deployment.Market("USDC"), devnet.Deployment.Market("WETH"));
        var wallet = devnet.DemoWallet;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        await Send(devnet, wallet, usdc.Asset, Erc20Abi.Approve, usdc.Market, 5_000_000_000L);
        await Send(devnet, wallet, usdc.Market, MarketAbi.Deposit, 5_000_000_000L, wallet);
        await Send(devnet, wallet, devnet.Deployment.Auditor, AuditorAbi.EnterMarket, usdc.Market);

        var first = new LogIndexer(devnet.Rpc, deployment);
        var saved = await BlockHeader.ReadAsync(devnet.Rpc);
        Assert.True((await first.SyncAsync(saved)).CaughtUp);
        await new SqliteLocalHealthStore(new Database(path), time).SaveAsync(first.Checkpoint());

        // While the bot is down: a borrow and a share transfer.
        await Send(devnet, wallet, weth.Market, MarketAbi.Borrow, BigInteger.Pow(10, 17), wallet, wallet);
        await Send(devnet, wallet, usdc.Market, MarketAbi.Transfer, devnet.Accounts[3], 1_000_000_000L);
        var now = await BlockHeader.ReadAsync(devnet.Rpc);

        // The restart: a new Database on the same file.
        var checkpoint = await new SqliteLocalHealthStore(new Database(path), time).LoadAsync();
        var resumed = new LogIndexer(devnet.Rpc, deployment, null, checkpoint);
        Assert.Equal(saved.Number, resumed.Head);
        var (caughtUp, requests) = await resumed.SyncAsync(now);
        var fresh = new LogIndexer(devnet.Rpc, deployment);
        var (_, backfill) = await fresh.SyncAsync(now, cancellationToken: default);

        Assert.True(caughtUp);
        Assert.True(requests <= 3 && backfill > requests, $"resumed with {requests} requests; a backfill from genesis took {backfill}");
        Assert.Equal(fresh.Book.Count, resumed.Book.Count);
        var accounts = Enumerable.Range(0, fresh.Book.Count).Select(fresh.Book.AddressOf).ToArray();
        var engine = new LogHealthEngine(devnet.Rpc, deployment, resumed, new BatchedLiquidityEngine(devnet.Rpc, deployment), new LogHealthOptions { SampleSize = accounts.Length });
        await engine.EvaluateAsync(accounts, now); // re-validates after the deployment's Upgraded events
        var evaluation = await engine.EvaluateAsync(accounts, now);
        Assert.True(engine.LastWasLocal && !engine.Diverged, engine.Divergence);
        Assert.True(evaluation.Readings[wallet].Debt > 0);
        Assert.True(engine.Verified >= accounts.Length);
    }

    static Task<TransactionReceipt> Send(Devnet.Devnet devnet, Ethereum.Address from, Ethereum.Address to, Ethereum.Abi.AbiFunction function, params object?[] arguments) =>
        devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments.Select(a => a is long l ? (object?)new BigInteger(l) : a).ToArray()), from));
}
