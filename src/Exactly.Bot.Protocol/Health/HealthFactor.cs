using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// Health factor arithmetic exactly as <c>Auditor.accountLiquidity</c> rounds it (0.2.15, Auditor.sol lines 130–133):
/// collateral = balance·price/baseUnit (down)·adjustFactor (down); debt = borrow·price/baseUnit (up)/adjustFactor (up).
/// Health factor = collateral / debt, WAD; below 1.0 the account can be liquidated.
/// </summary>
public static class HealthFactor
{
    /// <summary>Risk-adjusted collateral value in USD, WAD. <paramref name="balance"/> in asset decimals, price WAD.</summary>
    public static BigInteger CollateralValue(BigInteger balance, BigInteger price, BigInteger baseUnit, BigInteger adjustFactor) =>
        balance * price / baseUnit * adjustFactor / Units.Wad;

    /// <summary>Risk-adjusted debt value in USD, WAD. <paramref name="debt"/> in asset decimals, price WAD.</summary>
    public static BigInteger DebtValue(BigInteger debt, BigInteger price, BigInteger baseUnit, BigInteger adjustFactor) =>
        DivUp(DivUp(debt * price, baseUnit) * Units.Wad, adjustFactor);

    /// <summary>collateral / debt as WAD, or null when there is no debt (the health factor is infinite).</summary>
    public static BigInteger? Of(BigInteger collateral, BigInteger debt) =>
        debt.IsZero ? null : collateral * Units.Wad / debt;

    /// <summary>A plain word for people: safe (≥ 1.25), caution (≥ 1.05), at risk (below).</summary>
    public static string Describe(BigInteger? healthFactor) => healthFactor switch
    {
        null => "safe",
        { } hf when hf >= Units.Wad * 125 / 100 => "safe",
        { } hf when hf >= Units.Wad * 105 / 100 => "caution",
        _ => "at risk",
    };

    private static BigInteger DivUp(BigInteger a, BigInteger b) => a.IsZero ? BigInteger.Zero : ((a - 1) / b) + 1;
}
