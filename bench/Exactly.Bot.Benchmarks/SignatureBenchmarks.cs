using System.Numerics;
using BenchmarkDotNet.Attributes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Benchmarks;

/// <summary>What a signing-page submission costs: an EIP-2612 permit digest, recovering its signer, and (devnet) signing it.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    // Anvil's second dev key: a well-known test key, never a real one.
    private static readonly byte[] Key = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private readonly TypedData permit = new Eip2612Permit(
        Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
        Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        BigInteger.Pow(10, 24),
        BigInteger.Zero,
        new BigInteger(1_800_000_000)).ToTypedData(new Eip712Domain { Name = "", Version = "1", ChainId = 10, VerifyingContract = Address.Zero });

    private byte[] digest = [];
    private EcdsaSignature signature = new(BigInteger.One, BigInteger.One, 27);

    [GlobalSetup]
    public void Setup()
    {
        digest = permit.Digest();
        signature = Secp256k1.Sign(digest, Key);
    }

    [Benchmark]
    public byte[] PermitDigest() => permit.Digest();

    [Benchmark]
    public Address RecoverSigner() => Secp256k1.Recover(digest, signature);

    [Benchmark]
    public EcdsaSignature Sign() => Secp256k1.Sign(digest, Key);
}
