using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// DebtManager's <c>Permit</c> struct: <c>(address account, uint256 deadline, uint8 v, bytes32 r, bytes32 s)</c> (0.2.15,
/// contracts/periphery/DebtManager.sol). Built from a signature the server has already recovered to <paramref name="Account"/>.
/// Never logged or stored: a signature is a bearer token until its deadline.
/// </summary>
/// <param name="Account">The signer, who becomes the acting account.</param>
/// <param name="Deadline">Unix seconds.</param>
/// <param name="Signature">The EIP-712 signature.</param>
public sealed record SignedPermit(Address Account, BigInteger Deadline, EcdsaSignature Signature)
{
    /// <summary>The 0.2.15 tuple <c>(account, deadline, v, r, s)</c> as the ABI encoder takes it.</summary>
    public object?[] ToAbiTuple()
    {
        var bytes = Signature.ToBytes();
        return [Account, Deadline, new BigInteger(Signature.V), bytes[..32], bytes[32..64]];
    }

    /// <summary>
    /// The 0.2.16+ tuple <c>(account, value, deadline, v, r, s)</c> (<see cref="DebtManagerCurrentAbi"/>): the contract calls
    /// <c>token.permit(account, this, value, deadline, v, r, s)</c>, so <paramref name="value"/> must be the signed value.
    /// </summary>
    /// <param name="value">The permit's value: Market shares for the share permit, asset decimals for the asset permit.</param>
    public object?[] ToAbiTuple(BigInteger value)
    {
        var bytes = Signature.ToBytes();
        return [Account, value, Deadline, new BigInteger(Signature.V), bytes[..32], bytes[32..64]];
    }

    /// <inheritdoc />
    public override string ToString() => $"SignedPermit {{ Account = {Account}, Deadline = {Deadline}, Signature = (redacted) }}";
}
