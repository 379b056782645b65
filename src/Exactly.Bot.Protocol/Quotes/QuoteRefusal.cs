using System.Numerics;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Why a quote was refused. The protocol names the reason and its figures; the caller words it for its audience (the chat
/// adds a command that works instead). <see cref="QuoteRefusal.Asked"/> and <see cref="QuoteRefusal.Available"/> mean what
/// each reason says; unmentioned ones are zero.
/// </summary>
public enum QuoteRefusalReason
{
    /// <summary>The position would deposit more of the asset than its token's whole <c>totalSupply()</c> (amounts).</summary>
    DepositAboveSupply,

    /// <summary>The position would borrow more than the market holds to lend (<c>floatingAssets − floatingDebt</c>) (amounts).</summary>
    BorrowAboveLiquidity,

    /// <summary>The DebtPreviewer reverted on a leverage preview: nothing could be quoted.</summary>
    PreviewReverted,

    /// <summary>A leverage with no principal: no deposit and no position. Asked: the ratio (WAD).</summary>
    NothingToLeverage,

    /// <summary>The ratio is above the market's maximum. Asked: the ratio, Available: the maximum (WAD); <see cref="QuoteRefusal.Amount"/>: the deposit.</summary>
    RatioAboveMax,

    /// <summary>
    /// The leverage would lower the position's ratio (that is a deleverage). Asked: the ratio (WAD); Available: the position's
    /// ratio now (WAD, same asset only).
    /// </summary>
    LeverageWouldLower,

    /// <summary>The deployment's DebtManager has no cross-asset functions (removed in 0.2.16).</summary>
    CrossAssetNotOffered,

    /// <summary>No Uniswap V3 pool of a known fee tier exists for the pair.</summary>
    NoPool,

    /// <summary>A cross-asset deleverage preview reverted: no position, or a withdraw above what it allows.</summary>
    NoPositionOrWithdrawTooLarge,

    /// <summary>A cross-asset deleverage of a position with no debt in the borrow market.</summary>
    NoDebt,

    /// <summary>A deleverage ratio below 1x. Asked: the ratio (WAD).</summary>
    RatioBelowOne,

    /// <summary>A deleverage of an account with neither deposit nor debt in the market.</summary>
    NoPosition,

    /// <summary>A same-asset position that owes more than it holds: a same-asset deleverage cannot repay it.</summary>
    Underwater,

    /// <summary>A withdraw above the principal (deposit − debt). Asked: the withdraw, Available: the principal (amounts).</summary>
    WithdrawAbovePrincipal,

    /// <summary>A deleverage of a deposit with no debt and nothing to withdraw.</summary>
    NothingToRepay,

    /// <summary>A deleverage that would not lower the ratio. Asked: the ratio, Available: the position's ratio now (WAD).</summary>
    DeleverageNotLower,

    /// <summary>The DebtPreviewer refused a deleverage's withdraw. Asked: the withdraw (amount).</summary>
    WithdrawRefused,

    /// <summary>A market the wallet uses is paused: repay, refund and deleverage revert until it is unpaused. Market: the paused one.</summary>
    MarketPaused,

    /// <summary>A fix for a wallet already at or above the target. Asked: the target, Available: the health factor now (WAD).</summary>
    AlreadyAtTarget,
}

/// <summary>
/// A quote refused: a typed reason with the figures, read at the quote's block. Amounts are base units of
/// <paramref name="Market"/>'s asset, ratios WAD (see each <see cref="QuoteRefusalReason"/>).
/// </summary>
/// <param name="Reason">Why.</param>
/// <param name="Market">The market concerned: the one short of asset or liquidity, else the (collateral) market quoted.</param>
/// <param name="Asked">What the request asks, per reason (an amount or a ratio), or zero.</param>
/// <param name="Available">The limit it crosses, per reason, or zero.</param>
public sealed record QuoteRefusal(QuoteRefusalReason Reason, MarketInfo Market, BigInteger Asked = default, BigInteger Available = default)
{
    /// <summary>The borrowed market of a cross-asset quote (<see cref="Market"/> is then the collateral); null for same-asset.</summary>
    public MarketInfo? Borrow { get; init; }

    /// <summary>The amount the request deposits (or withdraws), base units of <see cref="Market"/>'s asset; zero when none.</summary>
    public BigInteger Amount { get; init; }

    /// <summary>True when the refused request is a deleverage.</summary>
    public bool IsDeleverage { get; init; }

    /// <summary>The market or pair as the user names it: <c>USDC</c>, or <c>USDC/WETH</c> for a cross-asset quote.</summary>
    public string Pair => Borrow is null ? Market.Symbol : $"{Market.Symbol}/{Borrow.Symbol}";

    /// <summary>Checks a leverage's new deposit against the asset's supply and its new borrow against the lending market's liquidity.</summary>
    /// <returns>The first limit crossed, or null when both fit.</returns>
    public static QuoteRefusal? Check(MarketInfo deposited, BigInteger newDeposit, BigInteger supply, MarketInfo borrowed, BigInteger newBorrow, BigInteger liquidity)
    {
        if (newDeposit > supply)
        {
            return new QuoteRefusal(QuoteRefusalReason.DepositAboveSupply, deposited, newDeposit, supply);
        }

        return newBorrow > liquidity ? new QuoteRefusal(QuoteRefusalReason.BorrowAboveLiquidity, borrowed, newBorrow, liquidity) : null;
    }
}
