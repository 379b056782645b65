using System.Numerics;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The permit overloads of the current DebtManager generation (0.2.16+; checked against 0.2.24
/// deployments/optimism/DebtManager_Implementation.json and contracts/periphery/DebtManager.sol).
/// <c>Permit</c> = <c>(address account, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)</c>.
/// </summary>
public static class DebtManagerCurrentAbi
{
    private const string Permit = "(address,uint256,uint256,uint8,bytes32,bytes32)";

    /// <summary>
    /// <c>DebtManager.MAX_ALLOWANCE_SURPLUS</c> = 0.01e18 (WAD): after the call, the <c>permit</c> modifier reverts
    /// <c>AllowanceSurplus()</c> when the allowance left exceeds <c>value.mulWadDown(MAX_ALLOWANCE_SURPLUS)</c>.
    /// </summary>
    public static readonly BigInteger MaxAllowanceSurplus = BigInteger.Pow(10, 16);

    /// <summary>
    /// <c>leverage(market, ratio, marketPermit, assetPermit)</c>: permits Market shares and the asset (EIP-2612), then
    /// <c>leverage(market, assetPermit.value, ratio)</c>: the deposit is the asset permit's value, all of it pulled.
    /// </summary>
    public static readonly AbiFunction LeverageWithPermits = AbiFunction.Parse(
        $"leverage(address market, uint256 ratio, {Permit} marketPermit, {Permit} assetPermit)");

    /// <summary><c>leverage(market, deposit, ratio, marketPermit, (uint256 deadline, bytes signature) assetPermit)</c>: Permit2 asset.</summary>
    public static readonly AbiFunction LeverageWithPermit2 = AbiFunction.Parse(
        $"leverage(address market, uint256 deposit, uint256 ratio, {Permit} marketPermit, (uint256,bytes) assetPermit)");

    /// <summary>
    /// <c>deleverage(market, withdraw, ratio, p)</c>: permits <c>p.value</c> Market shares, repays down to <c>ratio</c> and
    /// withdraws <c>withdraw</c> assets to the account.
    /// </summary>
    public static readonly AbiFunction DeleverageWithPermit = AbiFunction.Parse(
        $"deleverage(address market, uint256 withdraw, uint256 ratio, {Permit} p)");

    /// <summary>
    /// The permit overload a session sends for <paramref name="kind"/> on <paramref name="shape"/>. The cross-asset kinds exist on
    /// 0.2.15 only (<see cref="Shapes"/>); asking for them on the current shape throws.
    /// </summary>
    public static AbiFunction For(OperationKind kind, DebtManagerCallShape shape) => (kind, shape) switch
    {
        (OperationKind.Leverage, DebtManagerCallShape.V0215) => DebtManagerPermitAbi.LeverageWithPermits,
        (OperationKind.Deleverage, DebtManagerCallShape.V0215) => DebtManagerPermitAbi.DeleverageWithPermit,
        (OperationKind.Leverage, DebtManagerCallShape.Current) => LeverageWithPermits,
        (OperationKind.Deleverage, DebtManagerCallShape.Current) => DeleverageWithPermit,
        (OperationKind.CrossLeverage, DebtManagerCallShape.V0215) => DebtManagerPermitAbi.CrossLeverageWithPermits,
        (OperationKind.CrossDeleverage, DebtManagerCallShape.V0215) => DebtManagerPermitAbi.CrossDeleverageWithPermit,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"{kind} on {shape}"),
    };

    /// <summary>
    /// The shape whose <paramref name="kind"/> overload the implementation dispatches (0.2.15 first, then current), or null
    /// when it has neither: then nothing may be planned.
    /// </summary>
    /// <param name="kind">The operation.</param>
    /// <param name="offers">Whether the implementation dispatches a function (e.g. <see cref="Contracts.DebtManagerProbe.HasSelector"/>).</param>
    public static DebtManagerCallShape? Choose(OperationKind kind, Func<AbiFunction, bool> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        foreach (var shape in Shapes(kind))
        {
            if (offers(For(kind, shape)))
            {
                return shape;
            }
        }

        return null;
    }

    /// <summary>The shapes that have a permit overload for <paramref name="kind"/>, 0.2.15 first (cross asset: 0.2.15 only).</summary>
    public static IReadOnlyList<DebtManagerCallShape> Shapes(OperationKind kind) =>
        kind is OperationKind.CrossLeverage or OperationKind.CrossDeleverage
            ? [DebtManagerCallShape.V0215]
            : [DebtManagerCallShape.V0215, DebtManagerCallShape.Current];
}
