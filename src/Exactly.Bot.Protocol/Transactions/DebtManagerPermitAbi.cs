using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The DebtManager 0.2.15 permit overloads the bot sends (checked against deployments/optimism/DebtManager_Implementation.json),
/// and the Market calls of the follow-up steps. <c>Permit</c> = <c>(address account, uint256 deadline, uint8 v, bytes32 r, bytes32 s)</c>.
/// </summary>
public static class DebtManagerPermitAbi
{
    private const string Permit = "(address,uint256,uint8,bytes32,bytes32)";

    /// <summary>
    /// <c>leverage(market, deposit, ratio, borrowAssets, marketPermit, assetPermit)</c>: permits <c>borrowAssets</c> Market shares and
    /// <c>deposit</c> assets (EIP-2612), then leverages the permit's account to <c>ratio</c> (WAD).
    /// </summary>
    public static readonly AbiFunction LeverageWithPermits = AbiFunction.Parse(
        $"leverage(address market, uint256 deposit, uint256 ratio, uint256 borrowAssets, {Permit} marketPermit, {Permit} assetPermit)");

    /// <summary><c>leverage(market, deposit, ratio, borrowAssets, marketPermit, (uint256 deadline, bytes signature) assetPermit)</c>: Permit2 asset.</summary>
    public static readonly AbiFunction LeverageWithPermit2 = AbiFunction.Parse(
        $"leverage(address market, uint256 deposit, uint256 ratio, uint256 borrowAssets, {Permit} marketPermit, (uint256,bytes) assetPermit)");

    /// <summary>
    /// <c>deleverage(market, withdraw, ratio, permitAssets, p)</c>: permits <c>permitAssets</c> Market shares, repays down to
    /// <c>ratio</c> and withdraws <c>withdraw</c> assets to the account.
    /// </summary>
    public static readonly AbiFunction DeleverageWithPermit = AbiFunction.Parse(
        $"deleverage(address market, uint256 withdraw, uint256 ratio, uint256 permitAssets, {Permit} p)");

    /// <summary>
    /// <c>crossLeverage(marketIn, marketOut, fee, deposit, ratio, sqrtPriceLimitX96, borrowAssets, marketPermit, assetPermit)</c>:
    /// <c>marketPermit</c> grants <c>borrowAssets</c> shares of <b>marketOut</b> (the borrowed market; <c>Market.borrow</c> spends
    /// <c>previewWithdraw(borrowed)</c>), <c>assetPermit</c> grants <c>deposit</c> of <b>marketIn</b>'s asset (EIP-2612); then deposits
    /// into marketIn and borrows marketOut through a Uniswap V3 flash swap in the <c>fee</c> pool, no further than the price limit.
    /// Reverts <c>InsufficientAccountLiquidity</c> until the account has entered marketIn (<c>Auditor.enterMarket</c>).
    /// </summary>
    public static readonly AbiFunction CrossLeverageWithPermits = AbiFunction.Parse(
        $"crossLeverage(address marketIn, address marketOut, uint24 fee, uint256 deposit, uint256 ratio, uint160 sqrtPriceLimitX96, uint256 borrowAssets, {Permit} marketPermit, {Permit} assetPermit)");

    /// <summary>
    /// <c>crossDeleverage(marketIn, marketOut, fee, withdraw, ratio, sqrtPriceLimitX96, permitAssets, p)</c>: <c>p</c> grants
    /// <c>permitAssets</c> shares of <b>marketIn</b> (the collateral: the swap's input and the <c>withdraw</c> are withdrawn from
    /// it), then repays marketOut down to <c>ratio</c> through a flash swap and sends <c>withdraw</c> to the account.
    /// </summary>
    public static readonly AbiFunction CrossDeleverageWithPermit = AbiFunction.Parse(
        $"crossDeleverage(address marketIn, address marketOut, uint24 fee, uint256 withdraw, uint256 ratio, uint160 sqrtPriceLimitX96, uint256 permitAssets, {Permit} p)");
}
