using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// One permit the user is asked to sign with <c>eth_signTypedData_v4</c>: the exact typed data, and the plain facts read from it.
/// The page renders its summary from <see cref="TypedData"/> itself, so what is shown is what is signed.
/// </summary>
/// <param name="Role">What it allows.</param>
/// <param name="Token">The contract whose allowance it sets (Market for shares, the asset for deposits; Permit2's token for Permit2).</param>
/// <param name="Owner">The signer.</param>
/// <param name="Spender">Who may spend: always the configured DebtManager.</param>
/// <param name="Value">The allowance: Market shares (<see cref="PermitRole.MarketShares"/>) or asset base units.</param>
/// <param name="Deadline">Unix seconds after which the signature is void.</param>
/// <param name="TypedData">The EIP-712 message (EIP-2612 <c>Permit</c> or Permit2 <c>PermitTransferFrom</c>).</param>
public sealed record PermitToSign(
    PermitRole Role,
    Address Token,
    Address Owner,
    Address Spender,
    BigInteger Value,
    BigInteger Deadline,
    TypedData TypedData)
{
    /// <summary>An EIP-2612 permit in a verified domain.</summary>
    public static PermitToSign Eip2612(PermitRole role, Address token, Eip2612Permit permit, Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(permit);
        return new(role, token, permit.Owner, permit.Spender, permit.Value, permit.Deadline, permit.ToTypedData(domain));
    }

    /// <summary>The 32-byte digest the wallet signs.</summary>
    public byte[] Digest() => TypedData.Digest();
}
