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
}
