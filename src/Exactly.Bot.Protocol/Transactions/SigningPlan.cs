using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Permits;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Everything the user is asked to sign for one operation, decided by the server from the chain, never by the page.
/// </summary>
/// <param name="Operation">The operation (market from the configured Auditor, account, amounts).</param>
/// <param name="Permits">The permits to sign, in order: the Market share permit first, then the asset permit (leverage only).</param>
/// <param name="SharePermitValue">
/// The share allowance the Market permit grants, Market shares. The DebtManager call passes the same number as
/// <c>borrowAssets</c>/<c>permitAssets</c>, because its <c>permit</c> modifier calls <c>market.permit(account, this, assets, …)</c>.
/// </param>
/// <param name="ExpectedAssets">Assets the DebtManager is expected to borrow (leverage) or withdraw for repaying (deleverage), asset decimals.</param>
/// <param name="InterestMargin">Floating interest added to <paramref name="ExpectedAssets"/> before converting to shares, asset decimals.</param>
/// <param name="Deadline">The permits' deadline, Unix seconds.</param>
/// <param name="MarketImplementation">The Market implementation read from the EIP-1967 slot (the share permit's verifying contract).</param>
/// <param name="Block">The block the plan was read at.</param>
/// <param name="Shape">The DebtManager overloads the plan is for, as detected in the implementation's bytecode.</param>
/// <param name="Permit2">
/// Set when the asset has no EIP-2612 and the deposit goes through Permit2: <c>DebtManager.permit2()</c>, checked for code and
/// domain (<see cref="AssetDeposits"/>); the asset permit is then a <see cref="PermitRole.AssetPermit2"/> and the call the
/// Permit2 <c>leverage</c> overload.
/// </param>
/// <param name="Permit2Approval">With <paramref name="Permit2"/>: <c>asset.approve(Permit2, deposit)</c>, to send before the DebtManager call; null when the allowance suffices.</param>
public sealed record SigningPlan(
    Operation Operation,
    IReadOnlyList<PermitToSign> Permits,
    BigInteger SharePermitValue,
    BigInteger ExpectedAssets,
    BigInteger InterestMargin,
    BigInteger Deadline,
    Address MarketImplementation,
    long Block,
    DebtManagerCallShape Shape = DebtManagerCallShape.V0215,
    Address? Permit2 = null,
    Ethereum.Rpc.TransactionRequest? Permit2Approval = null)
{
    /// <summary>The DebtManager function the session's transaction calls.</summary>
    public Ethereum.Abi.AbiFunction Call => Permit2 is null ? DebtManagerCurrentAbi.For(Operation.Kind, Shape) : DebtManagerPermit2Calls.For(Shape);
}
