using BenchmarkDotNet.Attributes;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Benchmarks;

/// <summary>Keccak-256 throughput: MB/s = Size / mean time.</summary>
public class KeccakBenchmarks
{
    private byte[] data = [];

    [Params(32, 1_024, 1_048_576)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = new byte[Size];
        new Random(1).NextBytes(data);
    }

    [Benchmark]
    public byte[] Hash() => Keccak256.Hash(data);
}
