using System.Numerics;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// The Auditor's view of one account (<c>accountLiquidity</c>: adjusted collateral and debt, USD WAD) and what it becomes
/// when one market's position changes, with the Auditor's own rounding (<see cref="HealthFactor"/>).
/// </summary>
/// <param name="Collateral">Adjusted collateral, USD WAD (<c>sumCollateral</c>).</param>
/// <param name="Debt">Adjusted debt, USD WAD (<c>sumDebtPlusEffects</c>).</param>
/// <param name="EnteredMarkets">The <c>accountMarkets</c> bitmap: only entered markets count as collateral.</param>
public sealed record AccountHealth(BigInteger Collateral, BigInteger Debt, BigInteger EnteredMarkets)
{
    /// <summary>The health factor now (WAD), null without debt.</summary>
    public BigInteger? Now => HealthFactor.Of(Collateral, Debt);

    /// <summary>True when <paramref name="market"/> is entered (its deposits count as collateral).</summary>
    public bool Entered(MarketInfo market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return !((EnteredMarkets >> market.Index) & BigInteger.One).IsZero;
    }

    /// <summary>
    /// Replaces <paramref name="market"/>'s contribution (deposit and debt before, asset decimals, at <paramref name="price"/> USD
    /// WAD) by the position after. A market that is not entered contributes nothing before; after a DebtManager operation it is
    /// entered (borrowing enters it), so it counts after whenever <paramref name="enteredAfter"/> is true.
    /// </summary>
    public AccountHealth With(
        MarketInfo market, BigInteger price, BigInteger depositBefore, BigInteger debtBefore, BigInteger depositAfter, BigInteger debtAfter, bool enteredAfter = true)
    {
        ArgumentNullException.ThrowIfNull(market);
        var entered = Entered(market);
        var collateral = Collateral - (entered ? HealthFactor.CollateralValue(depositBefore, price, market.BaseUnit, market.AdjustFactor) : BigInteger.Zero);
        var debt = Debt - (entered ? HealthFactor.DebtValue(debtBefore, price, market.BaseUnit, market.AdjustFactor) : BigInteger.Zero);
        var counts = entered || enteredAfter;
        return new AccountHealth(
            collateral + (counts ? HealthFactor.CollateralValue(depositAfter, price, market.BaseUnit, market.AdjustFactor) : BigInteger.Zero),
            debt + (counts ? HealthFactor.DebtValue(debtAfter, price, market.BaseUnit, market.AdjustFactor) : BigInteger.Zero),
            counts ? EnteredMarkets | (BigInteger.One << market.Index) : EnteredMarkets);
    }
}
