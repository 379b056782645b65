using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>The history's rounds leave nothing in flight, so snapshots and reverts around them are exact.</summary>
public sealed class DevnetHistoryTests
{
    /// <summary>
    /// With automine on, anvil's own miner committed blocks after a round looked done: the head after a revert was one block
    /// past the snapshot's, and the pool held a transaction for an account whose nonce the revert had just set back.
    /// </summary>
    [Fact]
    public async Task RoundsBetweenSnapshotAndRevert_LeaveNothingInFlight_HeadAndNoncesComeBackExactly()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var history = new DevnetHistory(devnet, 40, 7);
        await history.SetUpAsync();
        for (var round = 0; round < 12; round++)
        {
            var head = (await BlockHeader.ReadAsync(devnet.Rpc)).Number;
            var before = await NoncesAsync(devnet, history, "latest");
            var snapshot = (await devnet.Rpc.RequestAsync("evm_snapshot", [])).GetString()!;
            await history.RandomRoundAsync(30, await devnet.TimestampAsync());
            await devnet.Rpc.RequestAsync("evm_revert", [EthMethods.Json(snapshot)]);

            Assert.Equal(head, (await BlockHeader.ReadAsync(devnet.Rpc)).Number);
            Assert.Equal(before, await NoncesAsync(devnet, history, "latest"));
            Assert.Equal(before, await NoncesAsync(devnet, history, "pending"));
            // The round after the revert is on the reverted state: every sender's transaction is accepted.
            await history.RandomRoundAsync(25, await devnet.TimestampAsync());
        }
    }

    static async Task<string[]> NoncesAsync(Devnet.Devnet devnet, DevnetHistory history, string tag) =>
        (await devnet.Rpc.SendBatchAsync(history.Accounts.Select(a => new JsonRpcRequest("eth_getTransactionCount", JsonValue.Create(a.ToLowerHex()), JsonValue.Create(tag))).ToArray()))
            .Select(r => r.GetResultOrThrow().GetString()!).ToArray();
}
