using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>Exactly's Market (contracts/Market.sol, an ERC-4626 vault whose shares are the deposit).</summary>
public static class MarketAbi
{
    /// <summary><c>asset()</c>: the underlying ERC-20.</summary>
    public static readonly AbiFunction Asset = AbiFunction.Parse("asset() view returns (address)");

    /// <summary><c>maxWithdraw(owner)</c>: the owner's deposit in assets (asset decimals).</summary>
    public static readonly AbiFunction MaxWithdraw = AbiFunction.Parse("maxWithdraw(address owner) view returns (uint256)");

    /// <summary><c>previewDebt(borrower)</c>: the borrower's fixed + floating debt with interest until now (asset decimals).</summary>
    public static readonly AbiFunction PreviewDebt = AbiFunction.Parse("previewDebt(address borrower) view returns (uint256)");

    /// <summary><c>accounts(account)</c>: fixed deposits bitmap, fixed borrows bitmap, floating borrow shares.</summary>
    public static readonly AbiFunction Accounts = AbiFunction.Parse(
        "accounts(address) view returns (uint256 fixedDeposits, uint256 fixedBorrows, uint256 floatingBorrowShares)");

    /// <summary><c>previewRefund(shares)</c>: floating borrow shares → assets owed.</summary>
    public static readonly AbiFunction PreviewRefund = AbiFunction.Parse("previewRefund(uint256 shares) view returns (uint256)");

    /// <summary><c>previewWithdraw(assets)</c>: the shares a withdraw or borrow of <c>assets</c> spends (rounded up).</summary>
    public static readonly AbiFunction PreviewWithdraw = AbiFunction.Parse("previewWithdraw(uint256 assets) view returns (uint256)");

    /// <summary><c>accountSnapshot(account)</c>: (deposit in assets, debt in assets), asset decimals — what the Auditor prices.</summary>
    public static readonly AbiFunction AccountSnapshot = AbiFunction.Parse("accountSnapshot(address account) view returns (uint256, uint256)");

    /// <summary><c>totalAssets()</c>: assets behind all shares, with accrued earnings (asset decimals).</summary>
    public static readonly AbiFunction TotalAssets = AbiFunction.Parse("totalAssets() view returns (uint256)");

    /// <summary><c>totalSupply()</c>: all deposit shares.</summary>
    public static readonly AbiFunction TotalSupply = AbiFunction.Parse("totalSupply() view returns (uint256)");

    /// <summary><c>totalFloatingBorrowAssets()</c>: floating debt of all borrowers with interest until now (asset decimals).</summary>
    public static readonly AbiFunction TotalFloatingBorrowAssets = AbiFunction.Parse("totalFloatingBorrowAssets() view returns (uint256)");

    /// <summary><c>withdraw(assets, receiver, owner)</c> (ERC-4626): burns the shares for <c>assets</c>, rounded up.</summary>
    public static readonly AbiFunction Withdraw = AbiFunction.Parse("withdraw(uint256 assets, address receiver, address owner) returns (uint256 shares)");

    /// <summary><c>redeem(shares, receiver, owner)</c> (ERC-4626): burns <c>shares</c>; redeem the whole balance to exit.</summary>
    public static readonly AbiFunction Redeem = AbiFunction.Parse("redeem(uint256 shares, address receiver, address owner) returns (uint256 assets)");

    /// <summary><c>interestRateModel()</c>: the market's InterestRateModel.</summary>
    public static readonly AbiFunction InterestRateModel = AbiFunction.Parse("interestRateModel() view returns (address)");

    /// <summary><c>floatingDebt()</c>: total floating debt, asset decimals.</summary>
    public static readonly AbiFunction FloatingDebt = AbiFunction.Parse("floatingDebt() view returns (uint256)");

    /// <summary><c>floatingAssets()</c>: total floating deposits, asset decimals.</summary>
    public static readonly AbiFunction FloatingAssets = AbiFunction.Parse("floatingAssets() view returns (uint256)");

    /// <summary><c>totalFloatingBorrowShares()</c>: all floating borrow shares.</summary>
    public static readonly AbiFunction TotalFloatingBorrowShares = AbiFunction.Parse("totalFloatingBorrowShares() view returns (uint256)");

    /// <summary><c>paused()</c> (both generations): while true, repay, refund, repayAtMaturity and liquidate revert.</summary>
    public static readonly AbiFunction Paused = AbiFunction.Parse("paused() view returns (bool)");

    /// <summary><c>isFrozen()</c> (0.2.16+ only; reverts on 0.2.15): no new deposits or borrows, repay still works.</summary>
    public static readonly AbiFunction IsFrozen = AbiFunction.Parse("isFrozen() view returns (bool)");

    /// <summary><c>penaltyRate()</c>: late-repayment penalty per second on an overdue fixed borrow, WAD.</summary>
    public static readonly AbiFunction PenaltyRate = AbiFunction.Parse("penaltyRate() view returns (uint256)");

    /// <summary><c>fixedBorrowPositions(maturity, account)</c>: the fixed borrow at a maturity, asset decimals.</summary>
    public static readonly AbiFunction FixedBorrowPositions = AbiFunction.Parse(
        "fixedBorrowPositions(uint256 maturity, address account) view returns (uint256 principal, uint256 fee)");

    /// <summary><c>borrowAtMaturity(maturity, assets, maxAssets, receiver, borrower)</c>: a fixed-rate borrow.</summary>
    public static readonly AbiFunction BorrowAtMaturity = AbiFunction.Parse(
        "borrowAtMaturity(uint256 maturity, uint256 assets, uint256 maxAssets, address receiver, address borrower) returns (uint256 assetsOwed)");

    /// <summary><c>liquidate(borrower, maxAssets, seizeMarket)</c>: repays up to <c>maxAssets</c> of an unhealthy borrower's debt.</summary>
    public static readonly AbiFunction Liquidate = AbiFunction.Parse(
        "liquidate(address borrower, uint256 maxAssets, address seizeMarket) returns (uint256 repaidAssets)");

    /// <summary><c>repay(assets, borrower)</c>: repays floating debt from the caller's wallet.</summary>
    public static readonly AbiFunction Repay = AbiFunction.Parse("repay(uint256 assets, address borrower) returns (uint256 actualRepay, uint256 borrowShares)");

    /// <summary><c>deposit(assets, receiver)</c> (ERC-4626): mints shares to <c>receiver</c>.</summary>
    public static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256 assets, address receiver) returns (uint256 shares)");

    /// <summary><c>transfer(to, shares)</c>: moves deposit shares (the Auditor checks the sender's shortfall).</summary>
    public static readonly AbiFunction Transfer = AbiFunction.Parse("transfer(address to, uint256 shares) returns (bool)");

    /// <summary><c>borrow(assets, receiver, borrower)</c>: floating borrow (enters the market).</summary>
    public static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(uint256 assets, address receiver, address borrower) returns (uint256 shares)");

    /// <summary><c>refund(borrowShares, borrower)</c>: repays floating debt by shares.</summary>
    public static readonly AbiFunction Refund = AbiFunction.Parse("refund(uint256 borrowShares, address borrower) returns (uint256 assets, uint256 actualShares)");

    /// <summary><c>repayAtMaturity(maturity, positionAssets, maxAssets, borrower)</c>: repays a fixed borrow (penalty after maturity).</summary>
    public static readonly AbiFunction RepayAtMaturity = AbiFunction.Parse(
        "repayAtMaturity(uint256 maturity, uint256 positionAssets, uint256 maxAssets, address borrower) returns (uint256 actualRepayAssets)");
}
