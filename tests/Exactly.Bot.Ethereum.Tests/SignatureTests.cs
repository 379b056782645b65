using System.Numerics;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Ethereum.Tests;

public class SignatureTests
{
    private static readonly byte[] DevKey1 = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly Address DevAccount1 = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    [Fact]
    public void AddressOf_AnvilDevKey_IsAccount1() => Assert.Equal(DevAccount1, Secp256k1.AddressOf(DevKey1));

    [Fact]
    public void SignThenRecover_ReturnsTheSigner_AndSIsLow()
    {
        var digest = Keccak256.Hash("exactly");
        var signature = Secp256k1.Sign(digest, DevKey1);
        Assert.True(signature.IsLowS);
        Assert.Equal(DevAccount1, Secp256k1.Recover(digest, signature));
        Assert.Equal(DevAccount1, Secp256k1.Recover(digest, EcdsaSignature.Parse(signature.ToString())));
    }

    [Fact]
    public void Parse_VZeroOrOne_IsNormalisedTo27Or28()
    {
        var signature = Secp256k1.Sign(Keccak256.Hash("x"), DevKey1);
        var bytes = signature.ToBytes();
        bytes[64] -= 27;
        Assert.Equal(signature, EcdsaSignature.Parse(bytes));
    }

    [Fact]
    public void Parse_Eip2098Compact_EqualsTheLongForm()
    {
        var signature = Secp256k1.Sign(Keccak256.Hash("y"), DevKey1);
        var compact = signature.ToBytes()[..64];
        compact[32] |= (byte)(signature.YParity << 7);
        Assert.Equal(signature, EcdsaSignature.Parse(compact));
    }

    [Fact]
    public void Parse_BadV_IsRefused()
    {
        var bytes = Secp256k1.Sign(Keccak256.Hash("z"), DevKey1).ToBytes();
        bytes[64] = 29;
        Assert.Throws<FormatException>(() => EcdsaSignature.Parse(bytes));
    }

    [Fact]
    public void Recover_HighS_IsRefusedUnlessAllowed()
    {
        var digest = Keccak256.Hash("malleable");
        var low = Secp256k1.Sign(digest, DevKey1);
        var high = new EcdsaSignature(low.R, EcdsaSignature.CurveOrder - low.S, 1 - low.YParity);
        Assert.False(high.IsLowS);
        Assert.Throws<ArgumentException>(() => Secp256k1.Recover(digest, high));
        Assert.Equal(DevAccount1, Secp256k1.Recover(digest, high, allowHighS: true));
    }

    [Fact]
    public void PersonalSign_Digest_MatchesTheKnownHelloWorldHash() =>
        // keccak256("\x19Ethereum Signed Message:\n11hello world"), as ethers' hashMessage("hello world").
        Assert.Equal("0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68", Hex.Encode(PersonalMessage.Hash("hello world")));

    [Fact]
    public void ToAddress_AcceptsCompressedAndBareKeys()
    {
        var uncompressed = Secp256k1.PublicKey(DevKey1);
        Assert.Equal(DevAccount1, Secp256k1.ToAddress(uncompressed.AsSpan(1)));
        var compressed = new byte[33];
        compressed[0] = (byte)(2 + (uncompressed[64] & 1));
        uncompressed.AsSpan(1, 32).CopyTo(compressed.AsSpan(1));
        Assert.Equal(DevAccount1, Secp256k1.ToAddress(compressed));
    }

    [Fact]
    public void Sign_KeyOutOfRange_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Secp256k1.Sign(new byte[32], EcdsaSignature.CurveOrder.ToByteArray(isUnsigned: true, isBigEndian: true)));

    [Fact]
    public void Signature_RoundTripsThroughBytes()
    {
        var s = new EcdsaSignature(BigInteger.One, BigInteger.One, 0);
        Assert.Equal(s, EcdsaSignature.Parse(s.ToBytes()));
    }
}
