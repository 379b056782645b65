using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol;

/// <summary>
/// Where Exactly lives on one chain: the contracts the bot reads and the only DebtManager it will ever ask anyone to
/// sign for. Markets are never configured: they come from <c>Auditor.allMarkets()</c> of <see cref="Auditor"/>.
/// </summary>
/// <param name="ChainId">EIP-155 chain id (10 = Optimism).</param>
/// <param name="Auditor">Auditor proxy: lists markets, prices, adjust factors and account liquidity.</param>
/// <param name="DebtManager">DebtManager proxy: the only spender permits are signed for.</param>
/// <param name="DebtPreviewer">DebtPreviewer proxy: leverage and deleverage previews.</param>
/// <param name="Previewer">Previewer proxy: market and account snapshots (<c>exactly(account)</c>).</param>
/// <param name="Multicall3">Multicall3 (canonical <c>0xcA11bde05977b3631167028862bE2a173976CA11</c>).</param>
/// <param name="Permit2">
/// Uniswap Permit2 (canonical <c>0x000000000022D473030F116dDEE9F6B43aC78BA3</c>): the only Permit2 a deposit goes through, and
/// only while <c>DebtManager.permit2()</c> names this same address. Null: no deposit through Permit2 is signed.
/// </param>
public sealed record ProtocolDeployment(
    long ChainId,
    Address Auditor,
    Address DebtManager,
    Address DebtPreviewer,
    Address Previewer,
    Address Multicall3,
    Address? Permit2 = null);
