using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;

namespace Exactly.Bot.Devnet;

/// <summary>Every address the devnet deployed. The same on every run (fixed accounts, fixed transaction order).</summary>
/// <param name="ChainId">The devnet's chain id (10).</param>
/// <param name="ProxyAdmin">OpenZeppelin ProxyAdmin owning every proxy.</param>
/// <param name="Auditor">Auditor proxy.</param>
/// <param name="DebtManager">DebtManager proxy (0.2.15: leverage/deleverage and cross-asset variants).</param>
/// <param name="DebtPreviewer">DebtPreviewer proxy.</param>
/// <param name="Previewer">Previewer proxy.</param>
/// <param name="Multicall3">Multicall3 at its canonical address <c>0xcA11…CA11</c> (runtime copied with <c>anvil_setCode</c>).</param>
/// <param name="Multicall3Deployed">Where Multicall3's creation code was actually deployed.</param>
/// <param name="BalancerVault">Mock Balancer vault (flash loans, funded by mint).</param>
/// <param name="UniswapV3Factory">Uniswap V3 factory (v3-core 1.0.1).</param>
/// <param name="Quoter">Uniswap V3 v1 Quoter (v3-periphery 1.4.4).</param>
/// <param name="PositionManager">Uniswap V3 NonfungiblePositionManager that added the pool's liquidity.</param>
/// <param name="UsdcWethPool">The USDC/WETH 0.05 % pool, initialised at the feeds' price.</param>
/// <param name="Markets">Markets in listing order: USDC, WETH, wstETH.</param>
public sealed record DevnetDeployment(
    long ChainId,
    Address ProxyAdmin,
    Address Auditor,
    Address DebtManager,
    Address DebtPreviewer,
    Address Previewer,
    Address Multicall3,
    Address Multicall3Deployed,
    Address BalancerVault,
    Address UniswapV3Factory,
    Address Quoter,
    Address PositionManager,
    Address UsdcWethPool,
    IReadOnlyList<DevnetMarket> Markets)
{
    /// <summary>
    /// Uniswap Permit2 as the DebtManager was constructed with it (<c>DebtManager.permit2()</c>): deployed from the creation code
    /// in <c>@uniswap/universal-router@1.6.0</c>'s typechain factory, not at the canonical address.
    /// </summary>
    public Address Permit2 { get; init; }

    /// <summary>The market of <paramref name="symbol"/> (<c>USDC</c>, <c>WETH</c>, <c>wstETH</c>; case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such market.</exception>
    public DevnetMarket Market(string symbol) =>
        Markets.FirstOrDefault(m => string.Equals(m.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"The devnet has no {symbol} market; it lists {string.Join(", ", Markets.Select(m => m.Symbol))}.");

    /// <summary>The configuration the protocol layer reads, pointing at this devnet.</summary>
    public ProtocolDeployment ToProtocolDeployment() => new(ChainId, Auditor, DebtManager, DebtPreviewer, Previewer, Multicall3, Permit2);
}
