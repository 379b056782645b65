using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>How a fix brings a wallet back to its target health factor.</summary>
public enum FixKind
{
    /// <summary>A same-asset DebtManager <c>deleverage</c> to <see cref="FixQuote.Ratio"/>: no new money, signable on the page.</summary>
    Deleverage,

    /// <summary>
    /// A repay of <see cref="FixQuote.RepayAssets"/> from the wallet (<c>Market.repay</c>): for debt no same-asset deleverage
    /// can reach (cross-asset, or a market with no deposit of its own). The signing page does not build repays.
    /// </summary>
    Repay,
}

/// <summary>
/// A quote that brings a wallet's health factor to a target. Health factors WAD; amounts in <see cref="Market"/>'s decimals.
/// </summary>
/// <param name="Kind">Deleverage or repay.</param>
/// <param name="Account">The wallet.</param>
/// <param name="Market">The market deleveraged or repaid.</param>
/// <param name="Target">The health factor asked for.</param>
/// <param name="Ratio">Deleverage: the ratio passed to <c>deleverage</c> (WAD); repay: 0.</param>
/// <param name="RepayAssets">Debt repaid: by the flash loan (deleverage) or from the wallet (repay).</param>
/// <param name="HealthFactorBefore">Now.</param>
/// <param name="HealthFactorAfter">After the fix, with the Auditor's rounding; below <paramref name="Target"/> only for a repay of a whole debt that is not enough.</param>
/// <param name="Deleverage">Deleverage: the quote the signing link is made from (the same the chat's deleverage command makes).</param>
/// <param name="Block">The block the figures were read at.</param>
public sealed record FixQuote(
    FixKind Kind, Address Account, MarketInfo Market, BigInteger Target, BigInteger Ratio, BigInteger RepayAssets,
    BigInteger? HealthFactorBefore, BigInteger? HealthFactorAfter, DeleverageQuote? Deleverage, long Block)
{
    /// <summary>True when the fix reaches the target.</summary>
    public bool ReachesTarget => HealthFactorAfter is null || HealthFactorAfter >= Target;
}
