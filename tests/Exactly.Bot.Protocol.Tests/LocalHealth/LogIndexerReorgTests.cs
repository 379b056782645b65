using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>Reorgs on a real devnet: anvil snapshot, a branch the indexer applies, revert, and a different, longer branch.</summary>
public sealed class LogIndexerReorgTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sync_ChainRevertsAndMinesADifferentBranch_BookEqualsAFreshBackfill(bool oneBlockAtATime)
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, 40, 7);
        await history.SetUpAsync();
        var indexer = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await indexer.SyncAsync(await BlockHeader.ReadAsync(devnet.Rpc))).CaughtUp);

        var snapshot = (await devnet.Rpc.RequestAsync("evm_snapshot", [])).GetString()!;
        await history.RandomRoundAsync(30, await devnet.TimestampAsync());
        var branchA = await BlockHeader.ReadAsync(devnet.Rpc);
        Assert.True((await indexer.SyncAsync(branchA)).CaughtUp);
        var applied = indexer.Book.JournalLength;

        await devnet.Rpc.RequestAsync("evm_revert", [EthMethods.Json(snapshot)]);
        // Branch B: other senders, other operations, and longer than A so it becomes the chain's head.
        await history.RandomRoundAsync(25, await devnet.TimestampAsync());
        while ((await BlockHeader.ReadAsync(devnet.Rpc)).Number <= branchA.Number + 1)
            await devnet.MineAsync();
        var branchB = await BlockHeader.ReadAsync(devnet.Rpc);
        if (oneBlockAtATime)
        {
            // Following the head block by block: the first block of B past A's height has a parent the indexer never applied.
            // Found from B's head by parent hashes, as a client following a head would. (The nulls by number seen in CI here
            // were anvil's own miner committing a block across the revert; Devnet.SendAndMineAsync leaves none in flight.)
            Assert.True((await indexer.SyncAsync(await AncestorAsync(devnet.Rpc, branchB, branchA.Number + 1))).CaughtUp);
        }

        Assert.True((await indexer.SyncAsync(branchB)).CaughtUp);

        var fresh = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await fresh.SyncAsync(branchB)).CaughtUp);
        Assert.True(applied > 0 && indexer.Reorgs >= 1, $"{applied} changes applied on branch A, {indexer.Reorgs} reorgs handled");
        Assert.Equal(branchB.Number, indexer.Head);
        BookAssert.Same(fresh.Book, indexer.Book);
    }

    [Fact]
    public async Task Sync_MarketListedOnAnOrphanedBlock_IsUnlistedOnRollbackAndAfterACheckpoint()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var indexer = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await indexer.SyncAsync(await BlockHeader.ReadAsync(devnet.Rpc))).CaughtUp);
        var listed = indexer.Applier.Markets.ToArray();

        // Branch A lists a fourth market; the indexer follows it (and clears the flag, as the engine does after reloading).
        var snapshot = (await devnet.Rpc.RequestAsync("evm_snapshot", [])).GetString()!;
        var orphan = await devnet.AddMarketWithoutPermitAsync();
        var branchA = await BlockHeader.ReadAsync(devnet.Rpc);
        Assert.True((await indexer.SyncAsync(branchA)).CaughtUp);
        Assert.Contains(orphan.Market, indexer.Applier.Markets);
        indexer.MarketsChanged = false;

        // Branch B: the revert drops the listing; empty blocks make it the longer chain.
        await devnet.Rpc.RequestAsync("evm_revert", [EthMethods.Json(snapshot)]);
        while ((await BlockHeader.ReadAsync(devnet.Rpc)).Number <= branchA.Number)
            await devnet.MineAsync();
        var branchB = await BlockHeader.ReadAsync(devnet.Rpc);
        Assert.True((await indexer.SyncAsync(branchB)).CaughtUp);

        var fresh = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await fresh.SyncAsync(branchB)).CaughtUp);
        Assert.True(indexer.Reorgs >= 1);
        Assert.Equal(listed, indexer.Applier.Markets);
        Assert.Equal(fresh.Applier.Markets, indexer.Applier.Markets);
        Assert.DoesNotContain(orphan.Market, indexer.Applier.FilterAddresses);
        Assert.True(indexer.MarketsChanged, "the engine must reload the listing");
        BookAssert.Same(fresh.Book, indexer.Book);

        // The listing blocks survive a checkpoint: a resumed indexer lists the same markets.
        var resumed = new LogIndexer(devnet.Rpc, deployment, null, indexer.Checkpoint());
        Assert.Equal(listed, resumed.Applier.Markets);
    }

    /// <summary>The ancestor of <paramref name="head"/> at <paramref name="number"/>, walked by parent hash.</summary>
    static async Task<BlockHeader> AncestorAsync(JsonRpcClient rpc, BlockHeader head, long number)
    {
        while (head.Number > number)
        {
            head = await BlockHeader.ReadAsync(rpc, BlockParameter.Hash(head.ParentHash));
        }

        return head;
    }
}
