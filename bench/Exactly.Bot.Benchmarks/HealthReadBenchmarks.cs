using System.Numerics;
using BenchmarkDotNet.Attributes;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Benchmarks;

/// <summary>
/// Health reads of N accounts, <c>Auditor.accountLiquidity(account, 0, 0)</c>, against the devnet: one eth_call after another,
/// one JSON-RPC batch of N eth_calls, and Multicall3 aggregate3 (chunked by gas). accounts/s = N / mean time.
/// </summary>
/// <remarks>Synchronous wrappers and one invocation per iteration: the in-process toolchain measures real round trips that way.</remarks>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class HealthReadBenchmarks
{
    private static readonly AbiFunction AccountLiquidity =
        AbiFunction.Parse("accountLiquidity(address account, address marketToSimulate, uint256 withdrawAmount) view returns (uint256, uint256)");

    private Devnet.Devnet devnet = null!;
    private Address auditor;
    private Address[] accounts = [];

    [Params(100, 1_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        devnet = Devnet.Devnet.StartAsync().GetAwaiter().GetResult();
        auditor = devnet.Deployment.Auditor;
        // The dev accounts (one with a position-free demo wallet, one lender with deposits) and fresh addresses.
        accounts = devnet.Accounts.Concat(Enumerable.Range(0, N).Select(i => new Address(Keccak256.Hash($"account{i}").AsSpan(12)))).Take(N).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => devnet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public int Sequential() => SequentialAsync().GetAwaiter().GetResult();

    [Benchmark]
    public int JsonRpcBatch() => JsonRpcBatchAsync().GetAwaiter().GetResult();

    [Benchmark]
    public int Multicall3Aggregate3() => Multicall3Aggregate3Async().GetAwaiter().GetResult();

    private async Task<int> SequentialAsync()
    {
        var count = 0;
        foreach (var account in accounts)
        {
            await devnet.Rpc.CallAsync(auditor, AccountLiquidity, [account, Address.Zero, BigInteger.Zero]);
            count++;
        }

        return count;
    }

    private async Task<int> JsonRpcBatchAsync()
    {
        var requests = accounts.Select(a => EthMethods.CallRequest(new TransactionRequest(auditor, AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)))).ToArray();
        var answers = await devnet.Rpc.SendBatchAsync(requests);
        return answers.Count(a => AccountLiquidity.Decode(EthMethods.Bytes(a.GetResultOrThrow())).Length == 2);
    }

    private async Task<int> Multicall3Aggregate3Async()
    {
        var calls = accounts.Select(a => new Multicall3Call(auditor, AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero), GasEstimate: 30_000)).ToArray();
        var results = await devnet.Rpc.AggregateAsync(calls);
        return results.Count(r => r.Success && AccountLiquidity.Decode(r.ReturnData).Length == 2);
    }
}
