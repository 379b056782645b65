using Nethereum.Util;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// EIP-191 version 0x45 (<c>personal_sign</c>): the digest of <c>"\x19Ethereum Signed Message:\n" + len(message) + message</c>,
/// with the length in decimal bytes; computed by Nethereum.Util.
/// </summary>
public static class PersonalMessage
{
    private static readonly EthereumMessageHasher Hasher = new();

    /// <summary>The digest <c>personal_sign</c> signs for raw message bytes.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message) => Hasher.HashPrefixedMessage(message.ToArray());

    /// <summary>The digest for a text message (its UTF-8 bytes).</summary>
    public static byte[] Hash(string message) => Hasher.HashPrefixedMessage(message);
}
