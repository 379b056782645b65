using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>
/// Market events that change an account's state, as <c>@exactly/protocol</c> 0.2.15 and 0.2.24 declare them (identical in
/// both; HEALTH.md "Events"), plus the admin events after which cached market values are re-read.
/// </summary>
public static class MarketEvents
{
    /// <summary>Share transfer (mint from 0x0, burn to 0x0): the one source of deposit shares.</summary>
    public static readonly AbiEvent Transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 amount)");

    /// <summary>Floating borrow: <c>borrower</c>'s floating borrow shares grow by <c>shares</c>.</summary>
    public static readonly AbiEvent Borrow = AbiEvent.Parse(
        "Borrow(address indexed caller, address indexed receiver, address indexed borrower, uint256 assets, uint256 shares)");

    /// <summary>Floating repay (also liquidation and bad-debt clearing): floating borrow shares shrink by <c>shares</c>.</summary>
    public static readonly AbiEvent Repay = AbiEvent.Parse("Repay(address indexed caller, address indexed borrower, uint256 assets, uint256 shares)");

    /// <summary>Fixed borrow: the position at <c>maturity</c> grows by <c>assets + fee</c>.</summary>
    public static readonly AbiEvent BorrowAtMaturity = AbiEvent.Parse(
        "BorrowAtMaturity(uint256 indexed maturity, address caller, address indexed receiver, address indexed borrower, uint256 assets, uint256 fee)");

    /// <summary>Fixed repay: the position shrinks by <c>positionAssets</c> (not <c>assets</c>, which has penalty or discount).</summary>
    public static readonly AbiEvent RepayAtMaturity = AbiEvent.Parse(
        "RepayAtMaturity(uint256 indexed maturity, address indexed caller, address indexed borrower, uint256 assets, uint256 positionAssets)");

    /// <summary>Liquidation: no state of its own (it arrives as Repay/RepayAtMaturity and Transfer).</summary>
    public static readonly AbiEvent Liquidate = AbiEvent.Parse(
        "Liquidate(address indexed receiver, address indexed borrower, uint256 assets, uint256 lendersAssets, address indexed seizeMarket, uint256 seizedAssets)");

    /// <summary>The penalty rate changed (it is read every block, so nothing is cached).</summary>
    public static readonly AbiEvent PenaltyRateSet = AbiEvent.Parse("PenaltyRateSet(uint256 penaltyRate)");

    /// <summary>OpenZeppelin Pausable: the market was paused (repay, deleverage and liquidation revert there).</summary>
    public static readonly AbiEvent Paused = AbiEvent.Parse("Paused(address account)");

    /// <summary>OpenZeppelin Pausable: the market was unpaused.</summary>
    public static readonly AbiEvent Unpaused = AbiEvent.Parse("Unpaused(address account)");

    /// <summary>The market was frozen or unfrozen (0.2.16+; 0.2.15 has no freeze).</summary>
    public static readonly AbiEvent Frozen = AbiEvent.Parse("Frozen(address indexed account, bool isFrozen)");

    /// <summary>EIP-1967 proxy upgrade (Markets and the Auditor): the formulas must be re-validated.</summary>
    public static readonly AbiEvent Upgraded = AbiEvent.Parse("Upgraded(address indexed implementation)");
}

/// <summary>Auditor events: market entry and exit per account, and listing changes that reload <c>markets(m)</c>.</summary>
public static class AuditorEvents
{
    /// <summary>The account entered the market: its deposits there count as collateral.</summary>
    public static readonly AbiEvent MarketEntered = AbiEvent.Parse("MarketEntered(address indexed market, address indexed account)");

    /// <summary>The account exited the market (only possible without debt there).</summary>
    public static readonly AbiEvent MarketExited = AbiEvent.Parse("MarketExited(address indexed market, address indexed account)");

    /// <summary>A market was listed: it takes the next index.</summary>
    public static readonly AbiEvent MarketListed = AbiEvent.Parse("MarketListed(address indexed market, uint8 decimals)");

    /// <summary>A market's adjust factor changed.</summary>
    public static readonly AbiEvent AdjustFactorSet = AbiEvent.Parse("AdjustFactorSet(address indexed market, uint256 adjustFactor)");

    /// <summary>A market's price feed changed.</summary>
    public static readonly AbiEvent PriceFeedSet = AbiEvent.Parse("PriceFeedSet(address indexed market, address indexed priceFeed)");
}
