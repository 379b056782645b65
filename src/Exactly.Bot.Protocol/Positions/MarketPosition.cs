using System.Numerics;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>
/// A wallet's position in one listed market at one block, with the market facts an alert needs. Amounts in the asset's
/// decimals; prices and adjusted values USD WAD.
/// </summary>
/// <param name="Market">The market (from the configured Auditor).</param>
/// <param name="Entered">The market's bit is set in <c>accountMarkets</c>: only then do its deposits count as collateral.</param>
/// <param name="Deposit">Floating deposit in assets (<c>accountSnapshot</c>'s first value).</param>
/// <param name="Debt">All debt: floating + fixed + late penalties (<c>accountSnapshot</c>'s second value).</param>
/// <param name="FloatingDebt">Floating debt: ceil(shares · totalFloatingBorrowAssets / totalFloatingBorrowShares).</param>
/// <param name="FixedBorrows">Fixed borrows by maturity, ascending.</param>
/// <param name="Price">The Auditor's price (<c>assetPrice(feed)</c>), USD WAD.</param>
/// <param name="PenaltyRate">Late penalty per second on overdue fixed borrows, WAD.</param>
/// <param name="Paused">The market is paused: repay and liquidate revert, so no fix can be sent.</param>
/// <param name="Frozen">The market is frozen (no new deposits or borrows); null on 0.2.15, which has no freeze.</param>
/// <param name="PriceUpdatedAt">The feed's last update (<c>latestRoundData().updatedAt</c>), Unix seconds; null when the feed does not say.</param>
public sealed record MarketPosition(
    MarketInfo Market,
    bool Entered,
    BigInteger Deposit,
    BigInteger Debt,
    BigInteger FloatingDebt,
    IReadOnlyList<FixedBorrow> FixedBorrows,
    BigInteger Price,
    BigInteger PenaltyRate,
    bool Paused,
    bool? Frozen,
    long? PriceUpdatedAt)
{
    /// <summary>Risk-adjusted collateral this market adds to <c>accountLiquidity</c> (0 when not entered), USD WAD.</summary>
    public BigInteger AdjustedCollateral => AdjustedCollateralAt(Price);

    /// <summary>Risk-adjusted debt this market adds to <c>accountLiquidity</c>, USD WAD.</summary>
    public BigInteger AdjustedDebt => AdjustedDebtAt(Price);

    /// <summary>True when the wallet has anything here: a deposit, a debt, or the market entered.</summary>
    public bool Used => Entered || !Deposit.IsZero || !Debt.IsZero;

    /// <summary>The adjusted collateral at another price (the Auditor's rounding, <see cref="HealthFactor.CollateralValue"/>).</summary>
    public BigInteger AdjustedCollateralAt(BigInteger price) =>
        Entered ? HealthFactor.CollateralValue(Deposit, price, Market.BaseUnit, Market.AdjustFactor) : BigInteger.Zero;

    /// <summary>The adjusted debt at another price (the Auditor's rounding, <see cref="HealthFactor.DebtValue"/>).</summary>
    public BigInteger AdjustedDebtAt(BigInteger price) =>
        Entered ? HealthFactor.DebtValue(Debt, price, Market.BaseUnit, Market.AdjustFactor) : BigInteger.Zero;
}
