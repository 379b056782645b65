using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// A reorg deeper than the block hashes the indexer keeps, on a real devnet: the indexer followed branch A block by block,
/// every hash it kept is on A, and the undo journal does not reach the fork. It must start a fresh backfill on branch B (the
/// fallback answering meanwhile) and end with the book a fresh backfill builds, then answer locally again.
/// </summary>
public sealed class LogIndexerDeepReorgTests
{
    const int Depth = 4;

    [Fact]
    public async Task Sync_ReorgDeeperThanTheKeptHashes_RebuildsToTheBookOfAFreshBackfillAndAnswersLocallyAgain()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, 24, 11);
        await history.SetUpAsync();
        var indexer = new LogIndexer(devnet.Rpc, deployment, new LogIndexerOptions { ReorgDepth = Depth });
        var watched = history.Accounts.ToArray();
        // Every watched account in the engine's same-block check: a wrong rebuilt state shows as a divergence.
        var engine = new LogHealthEngine(
            devnet.Rpc, deployment, indexer, new BatchedLiquidityEngine(devnet.Rpc, deployment), new LogHealthOptions { SampleSize = watched.Length });
        await engine.EvaluateAsync(watched, await BlockHeader.ReadAsync(devnet.Rpc));

        var snapshot = (await devnet.Rpc.RequestAsync("evm_snapshot", [])).GetString()!;
        var fork = (await BlockHeader.ReadAsync(devnet.Rpc)).Number;
        await history.RandomRoundAsync(15, await devnet.TimestampAsync());
        await devnet.MineAsync(2 * Depth);
        var branchA = await BlockHeader.ReadAsync(devnet.Rpc);
        for (var n = fork + 1; n <= branchA.Number; n++)
        {
            // Block by block, so the kept hashes are dense: all Depth + 1 of them are on A.
            Assert.True((await indexer.SyncAsync(await BlockHeader.ReadAsync(devnet.Rpc, BlockParameter.Number(n)))).CaughtUp);
        }

        Assert.True((await engine.EvaluateAsync(watched, branchA)).Local, "the engine did not follow branch A locally");

        await devnet.Rpc.RequestAsync("evm_revert", [EthMethods.Json(snapshot)]);
        // Branch B: other senders, other operations, longer than A so it becomes the head.
        await history.RandomRoundAsync(10, await devnet.TimestampAsync());
        while ((await BlockHeader.ReadAsync(devnet.Rpc)).Number <= branchA.Number + 1)
            await devnet.MineAsync();
        var branchB = await BlockHeader.ReadAsync(devnet.Rpc);
        var rebuilding = await engine.EvaluateAsync(watched, branchB);

        var fresh = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await fresh.SyncAsync(branchB)).CaughtUp);
        Assert.Equal((1, branchB.Number), (indexer.Rebuilds, indexer.Head));
        Assert.False(rebuilding.Local, "the block of the rebuild was answered from a state not yet checked");
        Assert.Equal(fresh.Applier.Markets, indexer.Applier.Markets);
        BookAssert.Same(fresh.Book, indexer.Book);

        // The rebuilt state answers locally again, checked against accountLiquidity for every watched account.
        await devnet.MineAsync();
        var next = await engine.EvaluateAsync(watched, await BlockHeader.ReadAsync(devnet.Rpc));
        Assert.False(engine.Diverged, engine.Divergence);
        Assert.True(next.Local, "the engine stayed on the fallback after the rebuild");
        Assert.Equal(watched.Length, next.Readings.Count);
    }
}
