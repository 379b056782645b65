using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>Pure builders of the transactions a signing session sends. No I/O; <see cref="Permits.PermitGuard"/> checks them.</summary>
public static class DebtManagerCalls
{
    /// <summary>
    /// <c>DebtManager.leverage(market, deposit, ratio, borrowAssets, marketPermit, assetPermit)</c> from the plan's account, with
    /// <c>borrowAssets</c> = the share permit's value (the contract permits exactly that number).
    /// </summary>
    public static TransactionRequest Leverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit, SignedPermit assetPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        ArgumentNullException.ThrowIfNull(assetPermit);
        var op = plan.Operation;
        var data = DebtManagerPermitAbi.LeverageWithPermits.Encode(
            op.Market.Market, op.Amount, op.Ratio, plan.SharePermitValue, marketPermit.ToAbiTuple(), assetPermit.ToAbiTuple());
        return new TransactionRequest(debtManager, data, op.Account);
    }

    /// <summary>
    /// <c>DebtManager.deleverage(market, withdraw, ratio, permitAssets, p)</c> with <c>permitAssets</c> = the share permit's value.
    /// "Withdraw everything" repays to 1x with <c>withdraw = 0</c>; the shares left are redeemed by <see cref="RedeemAll"/>.
    /// </summary>
    public static TransactionRequest Deleverage(Address debtManager, SigningPlan plan, SignedPermit marketPermit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(marketPermit);
        var op = plan.Operation;
        var data = DebtManagerPermitAbi.DeleverageWithPermit.Encode(
            op.Market.Market, op.WithdrawAll ? BigInteger.Zero : op.Amount, op.Ratio, plan.SharePermitValue, marketPermit.ToAbiTuple());
        return new TransactionRequest(debtManager, data, op.Account);
    }

    /// <summary><c>Market.redeem(shares, account, account)</c>: every remaining share back to the wallet as assets.</summary>
    public static TransactionRequest RedeemAll(Address market, Address account, BigInteger shares) =>
        new(market, DebtManagerPermitAbi.Redeem.Encode(shares, account, account), account);

    /// <summary><c>Market.approve(debtManager, 0)</c>: clears a share allowance a permit margin left unspent.</summary>
    public static TransactionRequest RevokeShares(Address market, Address debtManager, Address account) =>
        new(market, Erc20Abi.Approve.Encode(debtManager, BigInteger.Zero), account);
}
