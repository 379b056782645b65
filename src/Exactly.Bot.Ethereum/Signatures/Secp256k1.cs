using Nethereum.Signer;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// secp256k1 ECDSA over 32-byte digests, computed by Nethereum.Signer: deterministic signing (RFC 6979, low s), public-key
/// recovery (what <c>ecrecover</c> does) and addresses from public keys (last 20 bytes of Keccak-256 of x ‖ y). Our own
/// rule in front of it: recovery refuses high-s signatures unless asked (Nethereum, like raw <c>ecrecover</c>, accepts them).
/// </summary>
public static class Secp256k1
{
    static Secp256k1() =>
        // Sign and recover through NBitcoin.Secp256k1 (libsecp256k1's algorithms) rather than BouncyCastle: ~4x faster.
        EthECKey.SignRecoverable = true;

    /// <summary>
    /// Signs a 32-byte digest. For tests and the devnet only: production keys live in users' wallets, never in the bot.
    /// </summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the key is not a valid 32-byte secret.</exception>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> privateKey)
    {
        RequireDigest(digest);
        var signature = Key(privateKey).SignAndCalculateV(digest.ToArray());
        return new EcdsaSignature(Word(signature.R), Word(signature.S), signature.V[0]);
    }

    /// <summary>The 65-byte uncompressed public key <c>0x04 ‖ x ‖ y</c> of a private key.</summary>
    /// <exception cref="ArgumentException">The key is not a valid 32-byte secret.</exception>
    public static byte[] PublicKey(ReadOnlySpan<byte> privateKey) => Key(privateKey).GetPubKey();

    /// <summary>The address of a private key.</summary>
    public static Address AddressOf(ReadOnlySpan<byte> privateKey) => new(Key(privateKey).GetPublicAddressAsBytes());

    /// <summary>The address of a public key: given as 65 bytes (<c>0x04 ‖ x ‖ y</c>), 64 bytes (<c>x ‖ y</c>) or 33 (compressed).</summary>
    /// <exception cref="ArgumentException">The key is not on the curve or has a wrong length.</exception>
    public static Address ToAddress(ReadOnlySpan<byte> publicKey)
    {
        byte[] encoded = publicKey.Length switch
        {
            64 => [0x04, .. publicKey],
            65 or 33 => publicKey.ToArray(),
            _ => throw new ArgumentException($"A public key is 65, 64 or 33 bytes; got {publicKey.Length}.", nameof(publicKey)),
        };
        try
        {
            // The key's point is decoded (and checked to be on the curve) when built; the address hashes its uncompressed x ‖ y.
            return new Address(new EthECKey(encoded, isPrivate: false).GetPublicAddressAsBytes());
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The public key is not a point on secp256k1.", nameof(publicKey), e);
        }
    }

    /// <summary>Recovers the address that signed <paramref name="digest"/> (what Solidity's <c>ecrecover</c> returns).</summary>
    /// <param name="digest">The 32-byte signed digest.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="allowHighS">Accept s &gt; n/2 (raw <c>ecrecover</c> does; EIP-2 transactions and OpenZeppelin do not).</param>
    /// <exception cref="ArgumentException">The digest is not 32 bytes, s is high and not allowed, or no point recovers.</exception>
    public static Address Recover(ReadOnlySpan<byte> digest, EcdsaSignature signature, bool allowHighS = false) =>
        new(RecoverKey(digest, signature, allowHighS).GetPublicAddressAsBytes());

    private static EthECKey RecoverKey(ReadOnlySpan<byte> digest, EcdsaSignature signature, bool allowHighS)
    {
        ArgumentNullException.ThrowIfNull(signature);
        RequireDigest(digest);
        if (!allowHighS && !signature.IsLowS)
        {
            throw new ArgumentException("The signature has a high s value (malleable); EIP-2 requires s ≤ n/2.", nameof(signature));
        }

        var bytes = signature.ToBytes();
        try
        {
            return EthECKey.RecoverFromSignature(EthECDSASignatureFactory.FromComponents(bytes[..32], bytes[32..64], bytes[64]), digest.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException or InvalidOperationException)
        {
            // Nethereum dereferences a failed recovery's missing key: that means no point recovers, not a bug of ours.
            throw new ArgumentException("No public key recovers from this signature.", nameof(signature), e);
        }
    }

    private static EthECKey Key(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"A private key is 32 bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        var d = Word(privateKey);
        if (d.IsZero || d >= EcdsaSignature.CurveOrder)
        {
            throw new ArgumentException("The private key is outside 1…n-1.", nameof(privateKey));
        }

        return new EthECKey(privateKey.ToArray(), isPrivate: true);
    }

    private static void RequireDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException($"A digest is 32 bytes; got {digest.Length}.", nameof(digest));
        }
    }

    private static System.Numerics.BigInteger Word(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}
