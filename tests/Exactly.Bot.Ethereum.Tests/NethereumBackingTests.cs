using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Ethereum.Tests;

/// <summary>
/// Nethereum computes Keccak, ABI encoding, EIP-712 and secp256k1 (issue 11); what stays ours is pinned here: the strict
/// decoder (Nethereum's guesses on malformed data) and refusals as ArgumentException where Nethereum throws other things.
/// </summary>
public class NethereumBackingTests
{
    private static string Word(string hex) => hex.PadLeft(64, '0');

    [Fact]
    public void EthereumLayer_ReferencesNethereum_AndNotPortableBouncyCastle()
    {
        var references = typeof(Keccak256).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
        Assert.Contains("Nethereum.ABI", references);
        Assert.Contains("Nethereum.Signer", references);
        Assert.Contains("Nethereum.Util", references);
        // Portable.BouncyCastle's assembly (BouncyCastle.Crypto) clashes with Nethereum's BouncyCastle.Cryptography 2.x.
        Assert.DoesNotContain("BouncyCastle.Crypto", references);
    }

    // Each of these decodes without error in Nethereum 6.1.0 (to a truncated, empty, cleaned or out-of-range value).
    public static TheoryData<string, string, string> Malformed => new()
    {
        { "bytes", Word("20") + Word("40") + new string('a', 64), "a bytes length past the end" },
        { "string", Word("20") + Word("40") + new string('6', 64), "a string length past the end" },
        { "bytes", Word("40") + Word("0"), "an offset past the end" },
        { "address", "ff" + Word("1111111111111111111111111111111111111111")[2..], "dirty upper address bytes" },
        { "bool", Word("2"), "a bool word of 2" },
        { "uint8", Word("100"), "a uint8 word of 256" },
        { "uint256", Word("1")[..32], "16 bytes where a word is due" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AbiDecoder_MalformedData_IsRefused(string type, string hex, string what)
    {
        var error = Record.Exception(() => AbiDecoder.Decode(AbiType.Parse(type), Hex.Decode(hex)));
        Assert.True(error is AbiException, $"{what} ({type}) was not refused: {error?.GetType().Name ?? "it decoded"}.");
    }

    [Fact]
    public void Recover_RWithNoCurvePoint_IsRefusedAsArgumentException()
    {
        // x = 5 is not on secp256k1 (5³ + 7 is no square mod p): no key recovers, for either parity.
        var digest = Keccak256.Hash("no point");
        Assert.Throws<ArgumentException>(() => Secp256k1.Recover(digest, new EcdsaSignature(5, BigInteger.One, 27)));
        Assert.Throws<ArgumentException>(() => Secp256k1.Recover(digest, new EcdsaSignature(5, BigInteger.One, 28)));
    }

    [Fact]
    public void Encode_TupleMissingAValue_IsRefused() =>
        // Nethereum encodes fewer values than components without complaint.
        Assert.Throws<AbiException>(() => AbiEncoder.Encode(AbiType.Parse("(uint256,address)"), new object?[] { BigInteger.One }));
}
