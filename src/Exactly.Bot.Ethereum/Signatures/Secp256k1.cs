using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// secp256k1 ECDSA over 32-byte digests with BouncyCastle: deterministic signing (RFC 6979, low s), public-key recovery
/// (SEC 1 §4.1.6, what <c>ecrecover</c> does) and addresses from public keys (last 20 bytes of Keccak-256 of x ‖ y).
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = Org.BouncyCastle.Asn1.Sec.SecNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BcBigInteger HalfN = Curve.N.ShiftRight(1);

    /// <summary>
    /// Signs a 32-byte digest. For tests and the devnet only: production keys live in users' wallets, never in the bot.
    /// </summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the key is not a valid 32-byte secret.</exception>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> privateKey)
    {
        RequireDigest(digest);
        var d = PrivateScalar(privateKey);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(digest.ToArray());
        var r = rs[0];
        var s = rs[1].CompareTo(HalfN) > 0 ? Curve.N.Subtract(rs[1]) : rs[1];
        var publicKey = Curve.G.Multiply(d).Normalize();
        for (var parity = 0; parity < 2; parity++)
        {
            if (RecoverPoint(digest, r, s, parity) is { } q && q.Equals(publicKey))
            {
                return new EcdsaSignature(ToNumerics(r), ToNumerics(s), parity);
            }
        }

        throw new InvalidOperationException("No recovery id reproduces the public key; this is a bug.");
    }

    /// <summary>The 65-byte uncompressed public key <c>0x04 ‖ x ‖ y</c> of a private key.</summary>
    /// <exception cref="ArgumentException">The key is not a valid 32-byte secret.</exception>
    public static byte[] PublicKey(ReadOnlySpan<byte> privateKey) => Curve.G.Multiply(PrivateScalar(privateKey)).Normalize().GetEncoded(false);

    /// <summary>The address of a private key.</summary>
    public static Address AddressOf(ReadOnlySpan<byte> privateKey) => ToAddress(PublicKey(privateKey));

    /// <summary>The address of a public key: given as 65 bytes (<c>0x04 ‖ x ‖ y</c>), 64 bytes (<c>x ‖ y</c>) or 33 (compressed).</summary>
    /// <exception cref="ArgumentException">The key is not on the curve or has a wrong length.</exception>
    public static Address ToAddress(ReadOnlySpan<byte> publicKey)
    {
        byte[] uncompressed;
        try
        {
            uncompressed = publicKey.Length switch
            {
                64 => Curve.Curve.DecodePoint([0x04, .. publicKey]).GetEncoded(false),
                65 or 33 => Curve.Curve.DecodePoint(publicKey.ToArray()).Normalize().GetEncoded(false),
                _ => throw new ArgumentException($"A public key is 65, 64 or 33 bytes; got {publicKey.Length}.", nameof(publicKey)),
            };
        }
        catch (ArgumentException e) when (e.ParamName != nameof(publicKey))
        {
            throw new ArgumentException("The public key is not a point on secp256k1.", nameof(publicKey), e);
        }

        return new Address(Keccak256.Hash(uncompressed.AsSpan(1)).AsSpan(12));
    }

    /// <summary>Recovers the 65-byte uncompressed public key that signed <paramref name="digest"/>.</summary>
    /// <param name="digest">The 32-byte signed digest.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="allowHighS">Accept s &gt; n/2 (raw <c>ecrecover</c> does; EIP-2 transactions and OpenZeppelin do not).</param>
    /// <exception cref="ArgumentException">The digest is not 32 bytes, s is high and not allowed, or no point recovers.</exception>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> digest, EcdsaSignature signature, bool allowHighS = false)
    {
        ArgumentNullException.ThrowIfNull(signature);
        RequireDigest(digest);
        if (!allowHighS && !signature.IsLowS)
        {
            throw new ArgumentException("The signature has a high s value (malleable); EIP-2 requires s ≤ n/2.", nameof(signature));
        }

        return RecoverPoint(digest, ToBouncy(signature.R), ToBouncy(signature.S), signature.YParity)?.GetEncoded(false)
            ?? throw new ArgumentException("No public key recovers from this signature.", nameof(signature));
    }

    /// <summary>Recovers the address that signed <paramref name="digest"/> (what Solidity's <c>ecrecover</c> returns).</summary>
    /// <exception cref="ArgumentException">See <see cref="RecoverPublicKey"/>.</exception>
    public static Address Recover(ReadOnlySpan<byte> digest, EcdsaSignature signature, bool allowHighS = false) =>
        ToAddress(RecoverPublicKey(digest, signature, allowHighS));

    private static ECPoint? RecoverPoint(ReadOnlySpan<byte> digest, BcBigInteger r, BcBigInteger s, int parity)
    {
        // x = r (the r ≥ p - n case, j = 1, has probability ~2^-128 and Ethereum's v cannot express it).
        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 + parity);
        var rBytes = r.ToByteArrayUnsigned();
        rBytes.CopyTo(encoded, 33 - rBytes.Length);
        ECPoint point;
        try
        {
            point = Curve.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var e = new BcBigInteger(1, digest.ToArray());
        var rInverse = r.ModInverse(Curve.N);
        var u1 = Curve.N.Subtract(e).Multiply(rInverse).Mod(Curve.N);
        var u2 = s.Multiply(rInverse).Mod(Curve.N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, point, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static BcBigInteger PrivateScalar(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"A private key is 32 bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        var d = new BcBigInteger(1, privateKey.ToArray());
        if (d.SignValue == 0 || d.CompareTo(Curve.N) >= 0)
        {
            throw new ArgumentException("The private key is outside 1…n-1.", nameof(privateKey));
        }

        return d;
    }

    private static void RequireDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException($"A digest is 32 bytes; got {digest.Length}.", nameof(digest));
        }
    }

    private static System.Numerics.BigInteger ToNumerics(BcBigInteger value) => new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    private static BcBigInteger ToBouncy(System.Numerics.BigInteger value) => new(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));
}
