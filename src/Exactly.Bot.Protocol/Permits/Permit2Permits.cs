using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// Permit2 asset permits as DebtManager 0.2.15 redeems them (<c>permitTransfer</c> modifier): a <c>PermitTransferFrom</c> of exactly
/// the deposit, spender = DebtManager, nonce <c>uint256(keccak256(abi.encode(owner, token, amount, deadline)))</c>. Used for assets
/// without EIP-2612 (canonical WETH). Permit2 itself needs a one-time <c>approve(Permit2, amount)</c> on the token: an explicit wallet step.
/// Planned by <see cref="AssetDeposits"/> with the Permit2 read from <c>DebtManager.permit2()</c>; executed on the devnet against the
/// real Permit2 (Permit2SigningTests) and checked against viem and a published permit2-sdk vector (Permit2VectorTests).
/// </summary>
public static class Permit2Permits
{
    private static readonly AbiType[] NonceTypes = [AbiType.Parse("address"), AbiType.Parse("address"), AbiType.Parse("uint256"), AbiType.Parse("uint256")];

    /// <summary>The nonce DebtManager derives: <c>uint256(keccak256(abi.encode(owner, token, amount, deadline)))</c>.</summary>
    public static BigInteger Nonce(Address owner, Address token, BigInteger amount, BigInteger deadline) =>
        new(Keccak256.Hash(AbiEncoder.Encode(NonceTypes, [owner, token, amount, deadline])), isUnsigned: true, isBigEndian: true);

    /// <summary>The permit for <paramref name="amount"/> of <paramref name="token"/> to <paramref name="debtManager"/>.</summary>
    public static PermitToSign ForDebtManager(Address owner, Address token, BigInteger amount, BigInteger deadline, Address debtManager, long chainId, Address? permit2 = null)
    {
        var transfer = new Permit2TransferFrom(token, amount, debtManager, Nonce(owner, token, amount, deadline), deadline);
        return new PermitToSign(PermitRole.AssetPermit2, token, owner, debtManager, amount, deadline, transfer.ToTypedData(chainId, permit2));
    }
}
