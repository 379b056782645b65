using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Exactly.Bot.Discord;

/// <summary>Discord's request signature: Ed25519 over <c>X-Signature-Timestamp</c> + raw body, with the application's public key.</summary>
public sealed class Ed25519Verifier
{
    private readonly Ed25519PublicKeyParameters key;

    /// <summary>Creates a verifier for a 32-byte public key given as 64 hex characters.</summary>
    /// <exception cref="FormatException">The key is not 64 hex characters.</exception>
    public Ed25519Verifier(string publicKeyHex)
    {
        ArgumentNullException.ThrowIfNull(publicKeyHex);
        var bytes = Convert.FromHexString(publicKeyHex);
        if (bytes.Length != Ed25519PublicKeyParameters.KeySize)
        {
            throw new FormatException("An Ed25519 public key is 32 bytes (64 hex characters).");
        }

        key = new Ed25519PublicKeyParameters(bytes, 0);
    }

    /// <summary>True when <paramref name="signatureHex"/> (128 hex chars) signs <paramref name="timestamp"/> + <paramref name="body"/>. Never throws on malformed input.</summary>
    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (signatureHex is not { Length: 128 } || string.IsNullOrEmpty(timestamp) || !signatureHex.All(Uri.IsHexDigit))
        {
            return false;
        }

        var signature = Convert.FromHexString(signatureHex);
        var signer = new Ed25519Signer();
        signer.Init(false, key);
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        signer.BlockUpdate(prefix, 0, prefix.Length);
        var data = body.ToArray();
        signer.BlockUpdate(data, 0, data.Length);
        return signer.VerifySignature(signature);
    }
}
