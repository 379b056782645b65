using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// A devnet with 500 accounts that each hold WETH and wstETH collateral and a USDC floating borrow (three entered markets,
/// so <c>accountLiquidity</c> costs ~70k gas): enough that a fixed 500-call Multicall3 chunk exceeds anvil's 30M call cap.
/// </summary>
public sealed class WatchedAccountsFixture : QuoteFixture
{
    public const int Positioned = 500;

    static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256 assets, address receiver) returns (uint256)");
    static readonly AbiFunction Mint = AbiFunction.Parse("mint(address to, uint256 value)");
    static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(uint256 assets, address receiver, address borrower) returns (uint256)");

    public IReadOnlyList<Address> Accounts { get; private set; } = [];

    protected override async Task PrepareAsync(Devnet.Devnet devnet)
    {
        var usdc = devnet.Deployment.Market("USDC");
        var accounts = Enumerable.Range(0, Positioned).Select(i => new Address(Keccak256.Hash($"watched account {i}").AsSpan(12))).ToArray();
        var one = BigInteger.Pow(10, 18);

        // Every account gets gas money (1 ETH) and is impersonated, mints, deposits and enters 1 WETH and 1 wstETH as collateral,
        // and borrows 100 + i USDC (three entered markets). Sent as JSON-RPC batches with explicit gas, one transaction per
        // sender per batch (two from one sender in a batch would race for a nonce), each receipt checked.
        await BatchAsync(devnet, accounts.SelectMany(a => new[]
        {
            new JsonRpcRequest("anvil_setBalance", JsonValue.Create(a.ToLowerHex()), JsonValue.Create("0xde0b6b3a7640000")),
            new JsonRpcRequest("anvil_impersonateAccount", JsonValue.Create(a.ToLowerHex())),
        }));
        foreach (var collateral in new[] { devnet.Deployment.Market("WETH"), devnet.Deployment.Market("wstETH") })
        {
            await BatchAsync(devnet, accounts.Select(a => Send(a, collateral.Asset, Mint.Encode(a, one))));
            await BatchAsync(devnet, accounts.Select(a => Send(a, collateral.Asset, Erc20Abi.Approve.Encode(collateral.Market, one))));
            await BatchAsync(devnet, accounts.Select(a => Send(a, collateral.Market, Deposit.Encode(one, a))));
            await BatchAsync(devnet, accounts.Select(a => Send(a, devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(collateral.Market))));
        }

        await BatchAsync(devnet, accounts.Select((a, i) => Send(a, usdc.Market, Borrow.Encode(new BigInteger((100 + i) * 1_000_000L), a, a))));
        Accounts = accounts;
    }

    static JsonRpcRequest Send(Address from, Address to, byte[] data) =>
        new("eth_sendTransaction", new TransactionRequest(to, data, from, Gas: 1_000_000).ToJson());

    static async Task BatchAsync(Devnet.Devnet devnet, IEnumerable<JsonRpcRequest> requests)
    {
        var all = requests.ToArray();
        if (all.Length == 0 || all[0].Method != "eth_sendTransaction")
        {
            foreach (var chunk in all.Chunk(200))
                _ = (await devnet.Rpc.SendBatchAsync(chunk)).Select(a => a.GetResultOrThrow()).ToArray();
            return;
        }

        var receipts = await devnet.SendAndMineAsync(all);
        Assert.True(receipts.All(r => r.Succeeded), $"{all[0].Params[0]} reverted");
    }
}

public sealed class BatchedLiquidityEngineTests(WatchedAccountsFixture fixture) : IClassFixture<WatchedAccountsFixture>
{
    [Fact]
    public async Task Evaluate_500AccountsWithPositions_EqualsAccountLiquidityReadOneByOneAtTheSameBlock()
    {
        var block = await BlockHeader.ReadAsync(fixture.Devnet.Rpc);
        var empty = new Address(Keccak256.Hash("nobody").AsSpan(12));
        var accounts = fixture.Accounts.Append(fixture.Devnet.Lender).Append(empty).ToArray();
        var engine = new BatchedLiquidityEngine(fixture.Devnet.Rpc, fixture.Deployment);

        var evaluation = await engine.EvaluateAsync(accounts, block);

        // The independent reference: one plain eth_call per account, pinned to the same block by number.
        var direct = await fixture.Devnet.Rpc.SendBatchAsync(accounts
            .Select(a => EthMethods.CallRequest(new TransactionRequest(fixture.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)), BlockParameter.Number(block.Number)))
            .ToArray());
        Assert.Equal(accounts.Length, evaluation.Readings.Count);
        for (var i = 0; i < accounts.Length; i++)
        {
            var values = AuditorAbi.AccountLiquidity.Decode(EthMethods.Bytes(direct[i].GetResultOrThrow()));
            var reading = evaluation.Readings[accounts[i]];
            Assert.Equal((BigInteger)values[0]!, reading.Collateral);
            Assert.Equal((BigInteger)values[1]!, reading.Debt);
        }

        Assert.All(fixture.Accounts, a => Assert.True(evaluation.Readings[a].Debt > 0 && evaluation.Readings[a].HealthFactor > Units.Wad, $"{evaluation.Readings[a]}"));
        Assert.Null(evaluation.Readings[empty].HealthFactor);
        Assert.Equal(block.Number, evaluation.Block.Number);
    }

    [Fact]
    public async Task Evaluate_SizesCallsByMeasuredGas_WhereAFixed500CallChunkFailsWhole()
    {
        var block = await BlockHeader.ReadAsync(fixture.Devnet.Rpc);
        var calls = fixture.Accounts
            .Select(a => new Multicall3Call(fixture.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)))
            .ToArray();

        // The default chunking (50k gas assumed per call → 500 calls per aggregate3) exceeds the 30M call cap as a whole.
        await Assert.ThrowsAnyAsync<RpcException>(() => fixture.Devnet.Rpc.AggregateAsync(calls, block.Pin, multicall: fixture.Deployment.Multicall3));

        var engine = new BatchedLiquidityEngine(fixture.Devnet.Rpc, fixture.Deployment);
        var evaluation = await engine.EvaluateAsync(fixture.Accounts, block);

        Assert.Equal(WatchedAccountsFixture.Positioned, evaluation.Readings.Count);
        var (_, perAccount) = engine.MeasuredGas!.Value;
        Assert.InRange(perAccount, 40_000, 120_000);
        var calls25M = (int)Math.Ceiling(WatchedAccountsFixture.Positioned / (double)engine.AccountsPerCall);
        Assert.True(calls25M >= 2, $"{engine.AccountsPerCall} accounts per call");
        // Two gas estimates, then one aggregate3 per chunk in a single batch: no chunk had to be split.
        Assert.Equal(2 + calls25M, evaluation.RpcRequests);
    }

    [Fact]
    public async Task Evaluate_TenThousandAccounts_InRequestsOfOneCallEach_WhereOneBatchOfAllIsRefusedWhole()
    {
        var block = await BlockHeader.ReadAsync(fixture.Devnet.Rpc);
        var accounts = Enumerable.Range(0, 10_000).Select(i => new Address(Keccak256.Hash($"watched {i}").AsSpan(12))).ToArray();

        var engine = new BatchedLiquidityEngine(fixture.Devnet.Rpc, fixture.Deployment);
        var evaluation = await engine.EvaluateAsync(accounts, block);

        // Every call of the block in one JSON-RPC batch (what the engine did before): the node refuses the whole request.
        // (Last: a refused request can leave a pooled connection the next request would fail on.)
        var oneBatch = new BatchedLiquidityEngine(fixture.Devnet.Rpc, fixture.Deployment, new HealthEngineOptions { MaxAccountsPerRequest = int.MaxValue });
        await Assert.ThrowsAnyAsync<RpcException>(() => oneBatch.EvaluateAsync(accounts, block));

        Assert.Equal(accounts.Length, evaluation.Readings.Count);
        Assert.All(evaluation.Readings.Values, r => Assert.Null(r.HealthFactor));
        // Two gas estimates, then one aggregate3 per 2,000 accounts (the per-call maximum for accounts without positions).
        Assert.Equal(2 + 5, evaluation.RpcRequests);
    }

    [Fact]
    public async Task Evaluate_UnknownBlock_ThrowsInsteadOfReadingAnotherBlock()
    {
        var engine = new BatchedLiquidityEngine(fixture.Devnet.Rpc, fixture.Deployment);
        var real = await BlockHeader.ReadAsync(fixture.Devnet.Rpc);
        var unknown = real with { Hash = Keccak256.Hash("no such block") };

        await Assert.ThrowsAnyAsync<RpcException>(() => engine.EvaluateAsync(fixture.Accounts.Take(40).ToArray(), unknown));
    }
}
