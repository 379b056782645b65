using System.Numerics;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Tests;

public class PrimitivesTests
{
    [Theory]
    // Keccak-256 of "" and "abc": the well-known Ethereum vectors (not NIST SHA3-256, which differs).
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Keccak256_KnownVectors(string input, string expected) =>
        Assert.Equal(expected, Hex.Encode(Keccak256.Hash(input)));

    [Theory]
    // EIP-55's own test vectors.
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Address_ChecksumRoundTrips_Eip55Vectors(string text)
    {
        var address = Address.Parse(text.ToLowerInvariant());
        Assert.Equal(text, address.ToString());
        Assert.Equal(address, Address.Parse(text));
    }

    [Fact]
    public void Address_BadChecksum_IsRefused()
    {
        Assert.False(Address.TryParse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", out _, out var error));
        Assert.Contains("checksum", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AbiFunction_Selector_MatchesKnownTransfer() =>
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiFunction.Parse("transfer(address to, uint256 amount) returns (bool)").Selector.Span));

    [Fact]
    public void Abi_SpecExample_DynamicTypes()
    {
        // Solidity ABI spec example: f(uint256,uint32[],bytes10,bytes) with (0x123, [0x456, 0x789], "1234567890", "Hello, world!").
        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");
        var data = f.Encode(new BigInteger(0x123), new object[] { new BigInteger(0x456), new BigInteger(0x789) },
            "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        const string expected = "0x8be65246"
            + "0000000000000000000000000000000000000000000000000000000000000123"
            + "0000000000000000000000000000000000000000000000000000000000000080"
            + "3132333435363738393000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000000e0"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000456"
            + "0000000000000000000000000000000000000000000000000000000000000789"
            + "000000000000000000000000000000000000000000000000000000000000000d"
            + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000";
        Assert.Equal(expected, Hex.Encode(data));
        var decoded = f.DecodeInput(data);
        Assert.Equal(new BigInteger(0x123), decoded[0]);
        Assert.Equal("Hello, world!"u8.ToArray(), (byte[])decoded[3]!);
    }

    [Fact]
    public void Abi_NestedTuplesAndNegativeInts_RoundTrip()
    {
        var type = AbiType.Parse("(int256,(address,string)[],bool[2])");
        var value = new object?[]
        {
            BigInteger.MinusOne,
            new object?[] { new object?[] { Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), "héllo" } },
            new object?[] { true, false },
        };
        var decoded = (object?[])AbiDecoder.Decode(type, AbiEncoder.Encode(type, value))!;
        Assert.Equal(BigInteger.MinusOne, decoded[0]);
        var inner = (object?[])((object?[])decoded[1]!)[0]!;
        Assert.Equal("héllo", inner[1]);
        Assert.Equal(new object?[] { true, false }, (object?[])decoded[2]!);
    }

    [Fact]
    public void AbiDecoder_OffsetPastTheEnd_Throws() =>
        Assert.Throws<AbiException>(() => AbiDecoder.Decode(AbiType.Parse("bytes"), Hex.Decode("0x" + new string('f', 64))));

    [Fact]
    public void AbiEncoder_ValueOutOfRange_Throws() =>
        Assert.Throws<AbiException>(() => AbiEncoder.Encode(AbiType.Parse("uint8"), new BigInteger(256)));
}
