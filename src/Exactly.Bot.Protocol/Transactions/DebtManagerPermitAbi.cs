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
}
