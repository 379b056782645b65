using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>Exactly's Auditor (contracts/Auditor.sol): the market registry, oracle prices and account liquidity.</summary>
public static class AuditorAbi
{
    /// <summary><c>allMarkets()</c>: every listed market (proxy addresses), in listing order.</summary>
    public static readonly AbiFunction AllMarkets = AbiFunction.Parse("allMarkets() view returns (address[])");

    /// <summary><c>markets(market)</c>: adjust factor (WAD), decimals, index, listed flag, price feed.</summary>
    public static readonly AbiFunction Markets = AbiFunction.Parse(
        "markets(address) view returns (uint128 adjustFactor, uint8 decimals, uint8 index, bool isListed, address priceFeed)");

    /// <summary><c>assetPrice(priceFeed)</c>: the asset's USD price, WAD (1e18 = $1).</summary>
    public static readonly AbiFunction AssetPrice = AbiFunction.Parse("assetPrice(address priceFeed) view returns (uint256)");

    /// <summary>
    /// <c>accountLiquidity(account, marketToSimulate, withdrawAmount)</c>: risk-adjusted collateral and debt in USD, WAD.
    /// Health factor = collateral / debt.
    /// </summary>
    public static readonly AbiFunction AccountLiquidity = AbiFunction.Parse(
        "accountLiquidity(address account, address marketToSimulate, uint256 withdrawAmount) view returns (uint256 sumCollateral, uint256 sumDebtPlusEffects)");

    /// <summary><c>enterMarket(market)</c>: use the market's deposits as collateral (needed before cross-asset leverage).</summary>
    public static readonly AbiFunction EnterMarket = AbiFunction.Parse("enterMarket(address market)");

    /// <summary><c>accountMarkets(account)</c>: bitmap of entered markets, bit i = market with index i.</summary>
    public static readonly AbiFunction AccountMarkets = AbiFunction.Parse("accountMarkets(address) view returns (uint256)");

    /// <summary><c>exitMarket(market)</c>: stop using the market's deposits as collateral (needs no debt there).</summary>
    public static readonly AbiFunction ExitMarket = AbiFunction.Parse("exitMarket(address market)");
}
