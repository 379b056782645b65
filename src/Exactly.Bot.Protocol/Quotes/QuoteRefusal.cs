using System.Numerics;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>Why no market could serve an amount, whatever the ratio: the caller words it for its audience.</summary>
public enum QuoteRefusalReason
{
    /// <summary>The position would deposit more of the asset than its token's whole <c>totalSupply()</c>.</summary>
    DepositAboveSupply,

    /// <summary>The position would borrow more than the market holds to lend (<c>floatingAssets − floatingDebt</c>).</summary>
    BorrowAboveLiquidity,
}

/// <summary>
/// A quote refused because of its size, not its ratio: a typed reason with the figures, read at the quote's block.
/// Amounts are base units of <paramref name="Market"/>'s asset.
/// </summary>
/// <param name="Reason">Which limit the amount crosses.</param>
/// <param name="Market">The market whose asset or liquidity is short.</param>
/// <param name="Asked">What the position would deposit or borrow.</param>
/// <param name="Available">The asset's total supply, or the market's liquidity.</param>
public sealed record QuoteRefusal(QuoteRefusalReason Reason, MarketInfo Market, BigInteger Asked, BigInteger Available)
{
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
