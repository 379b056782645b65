using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>Exactly's DebtManager (contracts/periphery/DebtManager.sol): flash-loan leverage in one transaction.</summary>
public static class DebtManagerAbi
{
    /// <summary>
    /// 0.2.15 plain <c>leverage(market, deposit, ratio)</c>: pulls <c>deposit</c> of the asset (allowance needed) and loops to
    /// <c>ratio</c> (WAD) of the principal; needs a Market share allowance for the borrow too.
    /// </summary>
    public static readonly AbiFunction Leverage = AbiFunction.Parse("leverage(address market, uint256 deposit, uint256 ratio)");

    /// <summary>0.2.15 plain <c>deleverage(market, withdraw, ratio)</c>: repays down to <c>ratio</c> and withdraws <c>withdraw</c> assets.</summary>
    public static readonly AbiFunction Deleverage = AbiFunction.Parse("deleverage(address market, uint256 withdraw, uint256 ratio)");

    /// <summary>
    /// 0.2.15 only: <c>crossLeverage(marketIn, marketOut, fee, deposit, ratio, sqrtPriceLimitX96)</c>: deposits into
    /// <c>marketIn</c>, borrows <c>marketOut</c>'s asset through a Uniswap flash swap. Needs <c>Auditor.enterMarket(marketIn)</c> first.
    /// </summary>
    public static readonly AbiFunction CrossLeverage = AbiFunction.Parse(
        "crossLeverage(address marketIn, address marketOut, uint24 fee, uint256 deposit, uint256 ratio, uint160 sqrtPriceLimitX96)");

    /// <summary>0.2.15 only: <c>crossDeleverage(marketIn, marketOut, fee, withdraw, ratio, sqrtPriceLimitX96)</c>.</summary>
    public static readonly AbiFunction CrossDeleverage = AbiFunction.Parse(
        "crossDeleverage(address marketIn, address marketOut, uint24 fee, uint256 withdraw, uint256 ratio, uint160 sqrtPriceLimitX96)");
}
