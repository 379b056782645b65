using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The server's copy of a <see cref="SigningPlan"/>, as stored with the session when the page opens: the page never tells the
/// server what was asked; the server rebuilds the exact typed data from this. Integers as decimal text. <c>Shape</c> is the
/// <see cref="DebtManagerCallShape"/> name (absent in records written before the current generation was supported: 0.2.15).
/// <c>Permit2</c> is set when the deposit goes through Permit2 (<see cref="SigningPlan.Permit2"/>): the asset permit is then
/// rebuilt as Permit2's <c>PermitTransferFrom</c>, whose nonce is derived, not read. Cross-asset records also carry marketOut
/// (<c>BorrowMarket</c>) and the swap's terms (<see cref="CrossLeg"/>).
/// </summary>
public sealed record PlanRecord(
    string Kind, string Market, string Account, string Amount, string Ratio, bool WithdrawAll, string SharePermitValue,
    string ExpectedAssets, string InterestMargin, string Deadline, string Implementation, long Block, string ShareNonce,
    string? AssetNonce, string? AssetName, string? AssetVersion, string? Shape = null, string? Permit2 = null,
    string? BorrowMarket = null, int Fee = 0, string? SqrtPriceLimit = null, string? SwapIn = null, string? Slippage = null)
{
    /// <summary>The operation kind.</summary>
    public OperationKind ParsedKind => Enum.Parse<OperationKind>(Kind);

    /// <summary>Captures a plan.</summary>
    public static PlanRecord From(SigningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var op = plan.Operation;
        var asset = plan.Permits.FirstOrDefault(p => p.Role == PermitRole.Asset);
        return new PlanRecord(
            op.Kind.ToString(), op.Market.Market.ToString(), op.Account.ToString(), T(op.Amount), T(op.Ratio), op.WithdrawAll,
            T(plan.SharePermitValue), T(plan.ExpectedAssets), T(plan.InterestMargin), T(plan.Deadline), plan.MarketImplementation.ToString(),
            plan.Block, T((BigInteger)plan.Permits[0].TypedData.Message["nonce"]!),
            asset is null ? null : T((BigInteger)asset.TypedData.Message["nonce"]!), asset?.TypedData.Domain.Name, asset?.TypedData.Domain.Version,
            plan.Shape.ToString(), plan.Permit2?.ToString(), op.Cross?.Borrow.Market.ToString(), op.Cross?.Fee ?? 0,
            op.Cross is { } leg ? T(leg.SqrtPriceLimitX96) : null, op.Cross is { } l2 ? T(l2.SwapIn) : null, op.Cross is { } l3 ? T(l3.Slippage) : null);
    }

    /// <summary>
    /// Rebuilds the plan (and its typed data) for <paramref name="market"/> (and, cross asset, <paramref name="borrow"/> = marketOut,
    /// both looked up in the configured Auditor's list by the caller) on <paramref name="deployment"/>'s chain.
    /// </summary>
    public SigningPlan ToPlan(MarketInfo market, ProtocolDeployment deployment, MarketInfo? borrow = null)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(deployment);
        var account = Address.Parse(Account);
        var deadline = N(Deadline);
        var cross = borrow is null ? null : new CrossLeg(borrow, Fee, N(SqrtPriceLimit ?? "0"), N(SwapIn ?? "0"), N(Slippage ?? "0"));
        var op = new Operation(ParsedKind, market, account, N(Amount), N(Ratio), WithdrawAll, cross);
        var permits = new List<PermitToSign>
        {
            PermitToSign.Eip2612(
                PermitRole.MarketShares, op.SharesMarket.Market, new Eip2612Permit(account, deployment.DebtManager, N(SharePermitValue), N(ShareNonce), deadline),
                PermitDomains.MarketShares(deployment.ChainId, Address.Parse(Implementation))),
        };
        if (AssetNonce is not null)
        {
            permits.Add(PermitToSign.Eip2612(
                PermitRole.Asset, market.Asset, new Eip2612Permit(account, deployment.DebtManager, op.Amount, N(AssetNonce), deadline),
                PermitDomains.Asset(AssetName!, AssetVersion!, deployment.ChainId, market.Asset)));
        }

        Address? permit2 = Permit2 is null ? null : Address.Parse(Permit2);
        if (permit2 is { } p2 && op.Kind == OperationKind.Leverage)
        {
            permits.Add(Permit2Permits.ForDebtManager(account, market.Asset, op.Amount, deadline, deployment.DebtManager, deployment.ChainId, p2));
        }

        return new SigningPlan(op, permits, N(SharePermitValue), N(ExpectedAssets), N(InterestMargin), deadline, Address.Parse(Implementation), Block,
            Shape is null ? DebtManagerCallShape.V0215 : Enum.Parse<DebtManagerCallShape>(Shape), permit2);
    }

    private static string T(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger N(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
