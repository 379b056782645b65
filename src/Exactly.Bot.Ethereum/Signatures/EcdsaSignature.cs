using System.Numerics;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// A secp256k1 signature as Ethereum carries it: <c>r</c>, <c>s</c> (32 bytes each) and <c>v</c> (27/28), serialized as the
/// 65 bytes <c>r ‖ s ‖ v</c> that <c>personal_sign</c>/<c>eth_signTypedData_v4</c> return.
/// </summary>
public sealed record EcdsaSignature
{
    /// <summary>The secp256k1 group order n.</summary>
    public static readonly BigInteger CurveOrder = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates a signature; <paramref name="v"/> may be 27/28 or the y-parity 0/1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">r or s is outside 1…n-1, or v is not 0, 1, 27 or 28.</exception>
    public EcdsaSignature(BigInteger r, BigInteger s, int v)
    {
        if (r.Sign <= 0 || r >= CurveOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(r), "r must be in 1…n-1.");
        }

        if (s.Sign <= 0 || s >= CurveOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "s must be in 1…n-1.");
        }

        R = r;
        S = s;
        V = v switch
        {
            0 or 1 => (byte)(v + 27),
            27 or 28 => (byte)v,
            _ => throw new ArgumentOutOfRangeException(nameof(v), $"v must be 27/28 (or 0/1); got {v}."),
        };
    }

    /// <summary>r: the x coordinate of the nonce point, mod n.</summary>
    public BigInteger R { get; }

    /// <summary>s.</summary>
    public BigInteger S { get; }

    /// <summary>v: 27 or 28.</summary>
    public byte V { get; }

    /// <summary>The recovery id / y parity: 0 or 1.</summary>
    public int YParity => V - 27;

    /// <summary>True when s ≤ n/2: the form EIP-2 requires and OpenZeppelin's ECDSA accepts (the other half is malleable).</summary>
    public bool IsLowS => S <= CurveOrder / 2;

    /// <summary>
    /// Parses 65 bytes <c>r ‖ s ‖ v</c> (v 27/28 or 0/1) or 64-byte EIP-2098 compact <c>r ‖ yParityAndS</c>.
    /// </summary>
    /// <exception cref="FormatException">Wrong length, v out of range, or r/s out of range.</exception>
    public static EcdsaSignature Parse(ReadOnlySpan<byte> signature)
    {
        try
        {
            if (signature.Length == 65)
            {
                return new EcdsaSignature(Word(signature[..32]), Word(signature[32..64]), signature[64]);
            }

            if (signature.Length == 64)
            {
                var vs = signature[32..].ToArray();
                var parity = vs[0] >> 7;
                vs[0] &= 0x7F;
                return new EcdsaSignature(Word(signature[..32]), Word(vs), parity);
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Not a valid signature: {e.Message}", e);
        }

        throw new FormatException($"A signature is 65 bytes (r, s, v) or 64 (EIP-2098); got {signature.Length}.");
    }

    /// <summary>Parses 0x text (see <see cref="Parse(ReadOnlySpan{byte})"/>).</summary>
    /// <exception cref="FormatException">Not hex, or not a valid signature.</exception>
    public static EcdsaSignature Parse(string hex) => Parse(Hex.Decode(hex));

    /// <summary>The 65 bytes <c>r ‖ s ‖ v</c> with v 27/28.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[65];
        R.TryWriteBytes(bytes.AsSpan(32 - R.GetByteCount(true), R.GetByteCount(true)), out _, isUnsigned: true, isBigEndian: true);
        S.TryWriteBytes(bytes.AsSpan(64 - S.GetByteCount(true), S.GetByteCount(true)), out _, isUnsigned: true, isBigEndian: true);
        bytes[64] = V;
        return bytes;
    }

    /// <summary>The 0x hex of <see cref="ToBytes"/>.</summary>
    public override string ToString() => Hex.Encode(ToBytes());

    private static BigInteger Word(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}
