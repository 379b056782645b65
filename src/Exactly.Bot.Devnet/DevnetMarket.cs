using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Devnet;

/// <summary>One market the devnet deployed and enabled in the Auditor.</summary>
/// <param name="Symbol">The asset's symbol: <c>USDC</c>, <c>WETH</c> or <c>wstETH</c> (the market's own is <c>exa</c> + this).</param>
/// <param name="Market">Market proxy (the address users and the Auditor know).</param>
/// <param name="Implementation">Market implementation behind the proxy: the EIP-712 verifying contract of share permits.</param>
/// <param name="Asset">The underlying token: a solmate MockERC20 (EIP-2612 permit, public <c>mint</c>).</param>
/// <param name="PriceFeed">MockPriceFeed, 8 decimals, USD price; change it with <see cref="Devnet.SetPriceAsync"/>.</param>
/// <param name="InterestRateModel">The market's InterestRateModel, deployed with Optimism's constructor arguments.</param>
/// <param name="Decimals">Token (and market share) decimals.</param>
/// <param name="AdjustFactor">Auditor adjust factor (0.91 / 0.86 / 0.82).</param>
public sealed record DevnetMarket(
    string Symbol,
    Address Market,
    Address Implementation,
    Address Asset,
    Address PriceFeed,
    Address InterestRateModel,
    int Decimals,
    decimal AdjustFactor);
