using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Pure builders of the transactions a signing session sends, in the overload of the plan's <see cref="SigningPlan.Shape"/>.
/// No I/O; <see cref="Permits.PermitGuard"/> checks them.
/// </summary>
public static class DebtManagerCalls
{
    /// <summary>
    /// 0.2.15: <c>leverage(market, deposit, ratio, borrowAssets, marketPermit, assetPermit)</c> with <c>borrowAssets</c> = the
    /// share permit's value. Current: <c>leverage(market, ratio, marketPermit, assetPermit)</c>, the permits carrying their values
    /// (share permit value; asset permit value = the deposit, which the contract takes from it). From the plan's account.
    /// A plan with <see cref="SigningPlan.Permit2"/> gets the Permit2 overload (<see cref="DebtManagerPermit2Calls"/>).
    /// </summary>
    public static TransactionRequest Leverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit, SignedPermit assetPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        ArgumentNullException.ThrowIfNull(assetPermit);
        if (plan.Permit2 is not null)
        {
            return DebtManagerPermit2Calls.Leverage(debtManager, plan, marketPermit, assetPermit);
        }

        var op = plan.Operation;
        var data = plan.Shape == DebtManagerCallShape.Current
            ? DebtManagerCurrentAbi.LeverageWithPermits.Encode(
                op.Market.Market, op.Ratio, marketPermit.ToAbiTuple(plan.SharePermitValue), assetPermit.ToAbiTuple(op.Amount))
            : DebtManagerPermitAbi.LeverageWithPermits.Encode(
                op.Market.Market, op.Amount, op.Ratio, plan.SharePermitValue, marketPermit.ToAbiTuple(), assetPermit.ToAbiTuple());
        return new TransactionRequest(debtManager, data, op.Account);
    }

    /// <summary>
    /// 0.2.15: <c>deleverage(market, withdraw, ratio, permitAssets, p)</c> with <c>permitAssets</c> = the share permit's value.
    /// Current: <c>deleverage(market, withdraw, ratio, p)</c> with <c>p.value</c> = the share permit's value.
    /// "Withdraw everything" repays to 1x with <c>withdraw = 0</c>; the shares left are redeemed by <see cref="RedeemAll"/>.
    /// </summary>
    public static TransactionRequest Deleverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        var op = plan.Operation;
        var withdraw = op.WithdrawAll ? BigInteger.Zero : op.Amount;
        var data = plan.Shape == DebtManagerCallShape.Current
            ? DebtManagerCurrentAbi.DeleverageWithPermit.Encode(op.Market.Market, withdraw, op.Ratio, marketPermit.ToAbiTuple(plan.SharePermitValue))
            : DebtManagerPermitAbi.DeleverageWithPermit.Encode(op.Market.Market, withdraw, op.Ratio, plan.SharePermitValue, marketPermit.ToAbiTuple());
        return new TransactionRequest(debtManager, data, op.Account);
    }

    /// <summary>
    /// 0.2.15 <c>crossLeverage(marketIn, marketOut, fee, deposit, ratio, sqrtPriceLimitX96, borrowAssets, marketPermit, assetPermit)</c>
    /// with <c>borrowAssets</c> = the share permit's value (marketOut shares) and fee and price limit from the plan's quote.
    /// </summary>
    public static TransactionRequest CrossLeverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit, SignedPermit assetPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        ArgumentNullException.ThrowIfNull(assetPermit);
        var (op, leg) = (plan.Operation, plan.Operation.Cross ?? throw new ArgumentException("Not a cross-asset plan.", nameof(plan)));
        return new TransactionRequest(debtManager, DebtManagerPermitAbi.CrossLeverageWithPermits.Encode(
            op.Market.Market, leg.Borrow.Market, new BigInteger(leg.Fee), op.Amount, op.Ratio, leg.SqrtPriceLimitX96, plan.SharePermitValue,
            marketPermit.ToAbiTuple(), assetPermit.ToAbiTuple()), op.Account);
    }

    /// <summary>
    /// 0.2.15 <c>crossDeleverage(marketIn, marketOut, fee, withdraw, ratio, sqrtPriceLimitX96, permitAssets, p)</c> with
    /// <c>permitAssets</c> = the share permit's value (marketIn shares).
    /// </summary>
    public static TransactionRequest CrossDeleverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        var (op, leg) = (plan.Operation, plan.Operation.Cross ?? throw new ArgumentException("Not a cross-asset plan.", nameof(plan)));
        return new TransactionRequest(debtManager, DebtManagerPermitAbi.CrossDeleverageWithPermit.Encode(
            op.Market.Market, leg.Borrow.Market, new BigInteger(leg.Fee), op.Amount, op.Ratio, leg.SqrtPriceLimitX96, plan.SharePermitValue,
            marketPermit.ToAbiTuple()), op.Account);
    }

    /// <summary>The one DebtManager call of <paramref name="plan"/>, with its signed permits in the plan's order.</summary>
    public static TransactionRequest For(Address debtManager, SigningPlan plan, IReadOnlyList<SignedPermit> permits)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(permits);
        return plan.Operation.Kind switch
        {
            OperationKind.Leverage => Leverage(debtManager, plan, permits[0], permits[1]),
            OperationKind.Deleverage => Deleverage(debtManager, plan, permits[0]),
            OperationKind.CrossLeverage => CrossLeverage(debtManager, plan, permits[0], permits[1]),
            _ => CrossDeleverage(debtManager, plan, permits[0]),
        };
    }

    /// <summary>
    /// <c>Auditor.enterMarket(market)</c>: lets <paramref name="market"/>'s deposits count as collateral. <c>crossLeverage</c> reverts
    /// <c>InsufficientAccountLiquidity</c> until the account has entered marketIn, and no permit covers it: its own wallet step.
    /// </summary>
    public static TransactionRequest EnterMarket(Address auditor, Address market, Address account) =>
        new(auditor, AuditorAbi.EnterMarket.Encode(market), account);

    /// <summary><c>Market.redeem(shares, account, account)</c>: every remaining share back to the wallet as assets.</summary>
    public static TransactionRequest RedeemAll(Address market, Address account, BigInteger shares) =>
        new(market, MarketAbi.Redeem.Encode(shares, account, account), account);

    /// <summary>
    /// <c>token.approve(debtManager, 0)</c>: clears an allowance a permit margin left unspent (Market shares; or an asset, which is
    /// an ERC-20 the same way).
    /// </summary>
    public static TransactionRequest RevokeShares(Address market, Address debtManager, Address account) =>
        new(market, Erc20Abi.Approve.Encode(debtManager, BigInteger.Zero), account);
}
