using System.Globalization;
using System.Text;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// EIP-191 version 0x45 (<c>personal_sign</c>): the digest of <c>"\x19Ethereum Signed Message:\n" + len(message) + message</c>,
/// with the length in decimal bytes.
/// </summary>
public static class PersonalMessage
{
    /// <summary>The digest <c>personal_sign</c> signs for raw message bytes.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes("\x19" + "Ethereum Signed Message:\n" + message.Length.ToString(CultureInfo.InvariantCulture));
        return Keccak256.Hash([.. prefix, .. message]);
    }

    /// <summary>The digest for a text message (its UTF-8 bytes).</summary>
    public static byte[] Hash(string message) => Hash(Encoding.UTF8.GetBytes(message));
}
