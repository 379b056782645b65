using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The DebtManager <c>leverage</c> overload whose asset permit is Permit2's <c>(uint256 deadline, bytes signature)</c>: 0.2.15
/// <c>leverage(market, deposit, ratio, borrowAssets, marketPermit, assetPermit)</c>, current
/// <c>leverage(market, deposit, ratio, marketPermit, assetPermit)</c>. The contract's <c>permitTransfer</c> modifier rebuilds the
/// <c>PermitTransferFrom</c> from <c>(asset, deposit, keccak256(abi.encode(account, asset, deposit, deadline)), deadline)</c>, so the
/// signature only verifies for exactly what <see cref="Permits.Permit2Permits"/> planned. Pure, no I/O.
/// </summary>
public static class DebtManagerPermit2Calls
{
    /// <summary>The Permit2 overload of <paramref name="shape"/>.</summary>
    public static AbiFunction For(DebtManagerCallShape shape) =>
        shape == DebtManagerCallShape.Current ? DebtManagerCurrentAbi.LeverageWithPermit2 : DebtManagerPermitAbi.LeverageWithPermit2;

    /// <summary>The leverage call of a Permit2 plan, from the plan's account; the asset signature travels as its 65 bytes <c>r ‖ s ‖ v</c>.</summary>
    public static TransactionRequest Leverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit, SignedPermit assetPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        ArgumentNullException.ThrowIfNull(assetPermit);
        var op = plan.Operation;
        object?[] permit2 = [assetPermit.Deadline, assetPermit.Signature.ToBytes()];
        var data = plan.Shape == DebtManagerCallShape.Current
            ? DebtManagerCurrentAbi.LeverageWithPermit2.Encode(op.Market.Market, op.Amount, op.Ratio, marketPermit.ToAbiTuple(plan.SharePermitValue), permit2)
            : DebtManagerPermitAbi.LeverageWithPermit2.Encode(op.Market.Market, op.Amount, op.Ratio, plan.SharePermitValue, marketPermit.ToAbiTuple(), permit2);
        return new TransactionRequest(debtManager, data, op.Account);
    }

    /// <summary>True when decoded <paramref name="args"/> of <see cref="For"/> are the plan's market, deposit, ratio, share value, account and deadline.</summary>
    internal static bool Matches(object?[] args, SigningPlan plan)
    {
        var op = plan.Operation;
        bool Share(object? tuple) => tuple is object?[] p && (Address)p[0]! == op.Account && (plan.Shape == DebtManagerCallShape.Current
            ? (BigInteger)p[1]! == plan.SharePermitValue && (BigInteger)p[2]! == plan.Deadline
            : (BigInteger)p[1]! == plan.Deadline);
        bool Permit2(object? tuple) => tuple is object?[] p && (BigInteger)p[0]! == plan.Deadline;
        return (Address)args[0]! == op.Market.Market && (BigInteger)args[1]! == op.Amount && (BigInteger)args[2]! == op.Ratio
            && (plan.Shape == DebtManagerCallShape.Current
                ? Share(args[3]) && Permit2(args[4])
                : (BigInteger)args[3]! == plan.SharePermitValue && Share(args[4]) && Permit2(args[5]));
    }
}
