using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Ethereum.Signatures;

/// <summary>
/// ERC-1271 contract-wallet signatures: <c>isValidSignature(bytes32 hash, bytes signature) returns (bytes4)</c> answers the
/// magic value <c>0x1626ba7e</c> when the wallet accepts the signature.
/// </summary>
public static class Erc1271
{
    /// <summary>The magic value a valid signature returns (the function's own selector).</summary>
    public static ReadOnlyMemory<byte> MagicValue { get; } = new byte[] { 0x16, 0x26, 0xba, 0x7e };

    /// <summary>The <c>isValidSignature(bytes32,bytes)</c> function.</summary>
    public static AbiFunction IsValidSignature { get; } = AbiFunction.Parse("isValidSignature(bytes32 hash, bytes signature) returns (bytes4)");

    /// <summary>
    /// Asks the contract at <paramref name="wallet"/> through <c>eth_call</c> whether <paramref name="signature"/> over
    /// <paramref name="digest"/> is valid. A revert, an empty answer or any other value means no.
    /// </summary>
    /// <exception cref="RpcException">The node could not answer (not a revert).</exception>
    public static async Task<bool> IsValidSignatureAsync(
        this JsonRpcClient rpc, Address wallet, ReadOnlyMemory<byte> digest, ReadOnlyMemory<byte> signature, BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        byte[] answer;
        try
        {
            answer = await rpc.CallAsync(new TransactionRequest(wallet, IsValidSignature.Encode(digest.ToArray(), signature.ToArray())), block, cancellationToken).ConfigureAwait(false);
        }
        catch (RevertException)
        {
            return false;
        }

        return answer.Length >= 4 && answer.AsSpan(0, 4).SequenceEqual(MagicValue.Span);
    }

    /// <summary>
    /// Verifies a signature for any signer: an account without code must be what <c>ecrecover</c> returns (low s required);
    /// a contract wallet is asked through ERC-1271. An EOA that delegated its code with EIP-7702 (code <c>0xef0100</c> ‖
    /// delegate) still holds its key: its own signature is accepted by recovery, else its delegate is asked through ERC-1271.
    /// </summary>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public static async Task<bool> VerifyAsync(
        this JsonRpcClient rpc, Address signer, ReadOnlyMemory<byte> digest, ReadOnlyMemory<byte> signature, BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var code = await rpc.GetCodeAsync(signer, block, cancellationToken).ConfigureAwait(false);
        if (code.Length == 0)
        {
            return Recovers(signer, digest, signature);
        }

        if (IsDelegation(code) && Recovers(signer, digest, signature))
        {
            return true;
        }

        return await rpc.IsValidSignatureAsync(signer, digest, signature, block, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for an EIP-7702 delegation designator: <c>0xef0100</c> followed by the 20-byte delegate.</summary>
    public static bool IsDelegation(ReadOnlySpan<byte> code) => code.Length == 23 && code[0] == 0xef && code[1] == 0x01 && code[2] == 0x00;

    private static bool Recovers(Address signer, ReadOnlyMemory<byte> digest, ReadOnlyMemory<byte> signature)
    {
        try
        {
            return Secp256k1.Recover(digest.Span, EcdsaSignature.Parse(signature.Span)) == signer;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }
}
