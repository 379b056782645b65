using System.Numerics;
using BenchmarkDotNet.Attributes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Benchmarks;

/// <summary>ABI encode/decode of realistic payloads: an accountLiquidity call, and a 100-call aggregate3.</summary>
[MemoryDiagnoser]
public class AbiBenchmarks
{
    private static readonly AbiFunction AccountLiquidity =
        AbiFunction.Parse("accountLiquidity(address account, address marketToSimulate, uint256 withdrawAmount) view returns (uint256, uint256)");

    private readonly Address account = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private Multicall3Call[] calls = [];
    private byte[] aggregateAnswer = [];
    private byte[] liquidityAnswer = [];

    [GlobalSetup]
    public void Setup()
    {
        calls = Enumerable.Range(0, 100).Select(i => new Multicall3Call(account, AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero))).ToArray();
        liquidityAnswer = AbiEncoder.Encode([AbiType.UInt256, AbiType.UInt256], [BigInteger.Pow(10, 24), BigInteger.Pow(10, 23)]);
        var results = Enumerable.Range(0, 100).Select(_ => (object?)new object?[] { true, liquidityAnswer }).ToArray();
        aggregateAnswer = AbiEncoder.Encode([AbiType.Parse("(bool,bytes)[]")], [results]);
    }

    [Benchmark]
    public byte[] EncodeAccountLiquidityCall() => AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero);

    [Benchmark]
    public object?[] DecodeAccountLiquidityAnswer() => AccountLiquidity.Decode(liquidityAnswer);

    [Benchmark]
    public byte[] EncodeAggregate3Of100() => Multicall3.Encode(calls);

    [Benchmark]
    public IReadOnlyList<Multicall3Result> DecodeAggregate3Of100() => Multicall3.Decode(aggregateAnswer);
}
