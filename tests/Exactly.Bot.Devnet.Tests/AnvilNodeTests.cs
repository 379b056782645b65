using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Devnet.Tests;

/// <summary>Each node is its own chain on the port its own anvil bound, never another node's.</summary>
public sealed class AnvilNodeTests
{
    [Fact]
    public async Task StartAsync_EightNodesAtOnce_EachOnItsOwnPortAndItsOwnChain()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        var nodes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AnvilNode.StartAsync(tools.AnvilPath, new DevnetOptions())));
        try
        {
            Assert.Equal(nodes.Length, nodes.Select(n => n.RpcUrl.Port).Distinct().Count());
            // Node i mines i blocks: a node that answered on another's port would read someone else's height.
            for (var i = 0; i < nodes.Length; i++)
            {
                if (i > 0)
                    await nodes[i].Rpc.RequestAsync("anvil_mine", [EthMethods.Json($"0x{i:x}")]);
            }
            foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
                Assert.Equal(i, (await BlockHeader.ReadAsync(node.Rpc)).Number);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispose_AfterAnvilMovedStatesToDisk_RemovesThem()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        var node = await AnvilNode.StartAsync(tools.AnvilPath, new DevnetOptions());
        // 512 blocks: more than anvil keeps in memory, so it writes the older states to its cache directory.
        await node.Rpc.RequestAsync("anvil_mine", [EthMethods.Json("0x200")]);
        Assert.NotEmpty(Directory.EnumerateFiles(node.CachePath, "*", SearchOption.AllDirectories));

        // Disposing kills anvil, which then cannot clean up after itself: before, every devnet left its states behind.
        await node.DisposeAsync();
        Assert.False(Directory.Exists(node.CachePath));
    }

    [Fact]
    public async Task StartAsync_AnvilRefusesItsArguments_SaysSoWithAnvilsOwnWords()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AnvilNode.StartAsync(tools.AnvilPath, new DevnetOptions { Mnemonic = "not a mnemonic" }));
        Assert.Contains("anvil exited", error.Message, StringComparison.Ordinal);
        Assert.Contains("the word `not` is invalid", error.Message, StringComparison.Ordinal);
    }
}
