using System.Numerics;

namespace Exactly.Bot.Protocol.Markets;

/// <summary>
/// One market as <c>Previewer.exactly(account)</c> shows it at one block, plus the account's position in it.
/// Rates are yearly, WAD (0.05e18 = 5 %); amounts in asset decimals; prices USD WAD.
/// </summary>
/// <param name="Market">The market (from the configured Auditor).</param>
/// <param name="Price">Oracle price, USD WAD.</param>
/// <param name="BorrowApr">Floating borrow rate (Previewer <c>floatingBorrowRate</c>).</param>
/// <param name="DepositApr">Floating deposit rate, derived: borrow rate × borrowed / deposited (before the treasury's share; an estimate).</param>
/// <param name="DepositRewardsApr">Reward rate for deposits (sum of <c>rewardRates[].floatingDeposit</c>), 0 without rewards.</param>
/// <param name="BorrowRewardsApr">Reward rate for borrows (sum of <c>rewardRates[].borrow</c>).</param>
/// <param name="Liquidity">Assets available to borrow (<c>floatingAvailableAssets</c>).</param>
/// <param name="TotalDeposits">All floating deposits.</param>
/// <param name="TotalBorrows">All floating borrows.</param>
/// <param name="MaxLeverage">Same-asset max ratio for a new position at the 1.02 floor: 1.02 / (1.02 − adjustFactor²), WAD.</param>
/// <param name="Deposit">The account's floating deposit.</param>
/// <param name="Borrow">The account's floating borrow.</param>
/// <param name="IsCollateral">Whether the account entered the market.</param>
public sealed record MarketSnapshot(
    MarketInfo Market,
    BigInteger Price,
    BigInteger BorrowApr,
    BigInteger DepositApr,
    BigInteger DepositRewardsApr,
    BigInteger BorrowRewardsApr,
    BigInteger Liquidity,
    BigInteger TotalDeposits,
    BigInteger TotalBorrows,
    BigInteger MaxLeverage,
    BigInteger Deposit,
    BigInteger Borrow,
    bool IsCollateral);
