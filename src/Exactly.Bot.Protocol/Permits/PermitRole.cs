namespace Exactly.Bot.Protocol.Permits;

/// <summary>What a permit lets the DebtManager do.</summary>
public enum PermitRole
{
    /// <summary>
    /// An EIP-2612 permit on the Market itself: an allowance of Market <b>shares</b> the DebtManager spends when it borrows
    /// or withdraws on the owner's behalf (each call spends <c>previewWithdraw(assets)</c>, rounded up).
    /// </summary>
    MarketShares,

    /// <summary>An EIP-2612 permit on the underlying asset: the DebtManager pulls exactly the deposit from the wallet.</summary>
    Asset,

    /// <summary>A Permit2 <c>PermitTransferFrom</c> for assets without EIP-2612 (canonical WETH).</summary>
    AssetPermit2,
}
