using Nethereum.Util;

namespace Exactly.Bot.Ethereum;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), computed by Nethereum.Util.</summary>
public static class Keccak256
{
    /// <summary>The 32-byte Keccak-256 hash of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data) => Sha3Keccack.Current.CalculateHash(data.ToArray());

    /// <summary>The Keccak-256 hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Hash(string text) => Sha3Keccack.Current.CalculateHashAsBytes(text);
}
