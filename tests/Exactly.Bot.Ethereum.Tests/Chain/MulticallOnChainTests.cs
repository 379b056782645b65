using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Ethereum.Tests.Chain;

[Collection(DevnetGroup.Name)]
public class MulticallOnChainTests(DevnetFixture fixture)
{
    private static readonly AbiFunction AccountLiquidity =
        AbiFunction.Parse("accountLiquidity(address account, address marketToSimulate, uint256 withdrawAmount) view returns (uint256, uint256)");

    [Fact]
    public async Task Aggregate3_ChunkedHealthReads_EqualSequentialCalls_WithAResultPerCall()
    {
        var devnet = fixture.Devnet;
        var auditor = devnet.Deployment.Auditor;
        var accounts = devnet.Accounts.Concat(Enumerable.Range(0, 40).Select(i => new Address(Keccak256.Hash($"a{i}").AsSpan(12)))).ToArray();
        var block = BlockParameter.Number(await devnet.Rpc.BlockNumberAsync());
        var calls = accounts.Select(a => new Multicall3Call(auditor, AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)))
            .Append(new Multicall3Call(auditor, Hex.Decode("0xdeadbeef"))) // no such function: fails alone, reported as such
            .ToArray();

        var results = await devnet.Rpc.AggregateAsync(calls, block, new Multicall3Options { MaxCallsPerChunk = 7 });

        Assert.Equal(calls.Length, results.Count);
        Assert.False(results[^1].Success);
        for (var i = 0; i < accounts.Length; i++)
        {
            var sequential = await devnet.Rpc.CallAsync(auditor, AccountLiquidity, [accounts[i], Address.Zero, BigInteger.Zero], block);
            Assert.True(results[i].Success);
            Assert.Equal(sequential, AccountLiquidity.Decode(results[i].ReturnData));
        }
    }

    [Fact]
    public void Chunk_RespectsCountAndGasBudgets()
    {
        var calls = Enumerable.Range(0, 10).Select(i => new Multicall3Call(Address.Zero, [], GasEstimate: i == 5 ? 900 : 100)).ToArray();
        var chunks = Multicall3.Chunk(calls, new Multicall3Options { MaxCallsPerChunk = 4, GasBudgetPerChunk = 1000 });
        // 4 by count; then 100 + 900 fills the gas budget; then 4 by count.
        Assert.Equal([4, 2, 4], chunks.Select(c => c.Count));
    }

    [Fact]
    public async Task BlockPinnedRead_SeesTheStateOfThatBlock()
    {
        var devnet = fixture.Devnet;
        var account = new Address(Keccak256.Hash("pinned").AsSpan(12));
        var before = await devnet.Rpc.BlockNumberAsync();
        await devnet.SendAsync(new TransactionRequest(account, null, devnet.Deployer, Value: 1_000));
        Assert.Equal(BigInteger.Zero, await devnet.Rpc.GetBalanceAsync(account, BlockParameter.Number(before)));
        Assert.Equal(new BigInteger(1_000), await devnet.Rpc.GetBalanceAsync(account));
    }
}
