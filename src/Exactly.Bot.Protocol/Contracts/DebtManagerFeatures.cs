using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>
/// What the configured DebtManager can do, detected from its runtime bytecode (no configuration flag): 0.2.14–0.2.15 carry
/// <c>crossLeverage</c>/<c>crossDeleverage</c>; 0.2.16 and later (today's Optimism deployment) do not, and enforce the 1 %
/// <c>AllowanceSurplus</c> rule on permits.
/// </summary>
/// <param name="CrossAsset">True when <c>crossLeverage(address,address,uint24,uint256,uint256,uint160)</c> is in the code.</param>
/// <param name="AllowanceSurplusRule">True when <c>MAX_ALLOWANCE_SURPLUS()</c> is in the code: permits may leave at most 1 % unused.</param>
/// <param name="BalancerVault">The vault the DebtManager flash-loans from (<c>balancerVault()</c>).</param>
/// <param name="UniswapV3Factory">The factory cross-asset swaps use (<c>uniswapV3Factory()</c>); null without cross asset.</param>
public sealed record DebtManagerFeatures(bool CrossAsset, bool AllowanceSurplusRule, Address BalancerVault, Address? UniswapV3Factory)
{
    /// <summary>A short name for people: <c>0.2.15 (cross asset)</c> or <c>current (same asset only)</c>.</summary>
    public string Generation => CrossAsset ? "0.2.14–0.2.15 (same and cross asset)" : "0.2.16+ (same asset only)";
}
