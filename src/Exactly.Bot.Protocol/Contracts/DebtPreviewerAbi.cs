using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>
/// Exactly's DebtPreviewer (contracts/periphery/DebtPreviewer.sol, 0.2.14–0.2.15). Its functions are non-view because
/// they ask the Uniswap quoter, so they are read with <c>eth_call</c>, never sent.
/// </summary>
public static class DebtPreviewerAbi
{
    private const string Limit = "(uint256 ratio, uint256 borrow, uint256 deposit, int256 principal, uint256 maxRatio, uint256 swapRatio)";

    /// <summary>
    /// <c>previewLeverage(marketDeposit, marketBorrow, account, deposit, ratio, minHealthFactor)</c> → Limit: the ratio applied
    /// (WAD; the current ratio when the asked one is below it or above <c>maxRatio</c>), borrow and deposit after (asset decimals),
    /// principal (deposit − debt, may be negative), max ratio at <c>minHealthFactor</c> (WAD), swap ratio.
    /// </summary>
    public static readonly AbiFunction PreviewLeverage = AbiFunction.Parse(
        "previewLeverage(address marketDeposit, address marketBorrow, address account, uint256 deposit, uint256 ratio, uint256 minHealthFactor) returns (" + Limit + ")");

    /// <summary><c>previewDeleverage(marketDeposit, marketBorrow, account, withdraw, ratio, minHealthFactor)</c> → Limit.</summary>
    public static readonly AbiFunction PreviewDeleverage = AbiFunction.Parse(
        "previewDeleverage(address marketDeposit, address marketBorrow, address account, uint256 withdraw, uint256 ratio, uint256 minHealthFactor) returns (" + Limit + ")");

    /// <summary><c>poolFees(token0, token1)</c> (0.2.15 only): the Uniswap V3 fee tier the cross-asset previews use; 0 = no pool configured.</summary>
    public static readonly AbiFunction PoolFees = AbiFunction.Parse("poolFees(address token0, address token1) view returns (uint24)");
}
