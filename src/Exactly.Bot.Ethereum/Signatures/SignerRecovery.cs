using Exactly.Bot.Ethereum.Eip712;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>Who signed what: recovery for EIP-712 typed data and EIP-191 personal messages (externally owned accounts).</summary>
public static class SignerRecovery
{
    /// <summary>The address that signed <paramref name="typedData"/> with <c>eth_signTypedData_v4</c>.</summary>
    /// <exception cref="ArgumentException">The message does not encode, or the signature does not recover (high s included).</exception>
    public static Address RecoverTypedData(TypedData typedData, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return Secp256k1.Recover(typedData.Digest(), signature);
    }

    /// <summary>The address that signed <paramref name="message"/> with <c>personal_sign</c>.</summary>
    /// <exception cref="ArgumentException">The signature does not recover.</exception>
    public static Address RecoverPersonal(ReadOnlySpan<byte> message, EcdsaSignature signature) =>
        Secp256k1.Recover(PersonalMessage.Hash(message), signature);

    /// <summary>Signs typed data with a raw key (tests and the devnet only).</summary>
    public static EcdsaSignature SignTypedData(TypedData typedData, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return Secp256k1.Sign(typedData.Digest(), privateKey);
    }

    /// <summary>Signs a personal message with a raw key (tests and the devnet only).</summary>
    public static EcdsaSignature SignPersonal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> privateKey) =>
        Secp256k1.Sign(PersonalMessage.Hash(message), privateKey);
}
