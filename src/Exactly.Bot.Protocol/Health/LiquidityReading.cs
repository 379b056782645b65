using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// One account's <c>Auditor.accountLiquidity(account, 0, 0)</c> at one block: risk-adjusted collateral and debt, USD WAD.
/// </summary>
/// <param name="Account">The account.</param>
/// <param name="Collateral">Adjusted collateral (<c>sumCollateral</c>), USD WAD.</param>
/// <param name="Debt">Adjusted debt (<c>sumDebtPlusEffects</c>), USD WAD.</param>
public sealed record LiquidityReading(Address Account, BigInteger Collateral, BigInteger Debt)
{
    /// <summary>Health factor as WAD (floor of collateral·1e18/debt), null without debt (infinite).</summary>
    public BigInteger? HealthFactor => Health.HealthFactor.Of(Collateral, Debt);

    /// <summary>True when the account can be liquidated (collateral &lt; debt, as the Auditor decides).</summary>
    public bool Liquidatable => Collateral < Debt;
}
