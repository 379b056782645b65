using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// Words the protocol's typed refusals for the chat: the protocol's plain sentence (or, for size refusals, the chat's own),
/// then a command that works instead. Protocol writes no chat syntax; every example is written here.
/// </summary>
internal static class RefusalText
{
    /// <summary>A failed quote as an error reply.</summary>
    /// <param name="outcome">The failed outcome.</param>
    /// <param name="fallback">The example when the failure has no typed reason (e.g. the command's own example).</param>
    /// <param name="sizeExample">The example after a size refusal (deposit above supply, borrow above liquidity); else <paramref name="fallback"/>.</param>
    /// <param name="hint">Appended to the sentence (e.g. that a stranger is quoted as an empty account).</param>
    public static Reply Error<T>(Outcome<T> outcome, string fallback, string? sizeExample = null, string hint = "")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Refusal is not { } refusal)
        {
            return Reply.Error(outcome.Error! + hint, outcome.Example ?? fallback);
        }

        return refusal.Reason is QuoteRefusalReason.DepositAboveSupply or QuoteRefusalReason.BorrowAboveLiquidity
            ? Reply.Error(ReplyFormat.Refusal(refusal), sizeExample ?? fallback)
            : Reply.Error(Sentence(refusal, outcome.Error!) + hint, Example(refusal));
    }

    /// <summary>The protocol's sentence, with what the chat adds for a reason (the command that does the opposite).</summary>
    internal static string Sentence(QuoteRefusal refusal, string protocolSentence) =>
        refusal.Reason == QuoteRefusalReason.DeleverageNotLower ? protocolSentence + " Raising it is /leverage." : protocolSentence;

    /// <summary>A command that works after this refusal: the maximum ratio, the opposite operation, or where to look.</summary>
    internal static string Example(QuoteRefusal refusal)
    {
        var pair = refusal.Pair;
        var cross = refusal.Borrow is not null;
        return refusal.Reason switch
        {
            QuoteRefusalReason.PreviewReverted => "/markets",
            QuoteRefusalReason.NothingToLeverage => cross ? $"/leverage 2x {pair} 1000" : $"/leverage {LeverageQuoter.FormatRatio(refusal.Asked)} {pair} 100",
            QuoteRefusalReason.RatioAboveMax =>
                $"/leverage {LeverageQuoter.FormatRatio(refusal.Available, floor: true)} {pair}{(refusal.Amount.IsZero ? string.Empty : " " + Units.Format(refusal.Amount, refusal.Market.Decimals))}",
            QuoteRefusalReason.LeverageWouldLower or QuoteRefusalReason.RatioBelowOne or QuoteRefusalReason.DeleverageNotLower => $"/deleverage 1x {pair}",
            // Cross-asset is gone from this deployment: the same-asset form of the command works.
            QuoteRefusalReason.CrossAssetNotOffered => refusal.IsDeleverage ? $"/deleverage 1x {refusal.Market.Symbol}" : $"/leverage 3x {refusal.Market.Symbol} 100",
            QuoteRefusalReason.NoPool => "/leverage 2x USDC/WETH 1000",
            QuoteRefusalReason.NoPositionOrWithdrawTooLarge or QuoteRefusalReason.NoDebt or QuoteRefusalReason.Underwater => "/position",
            QuoteRefusalReason.NoPosition => $"/leverage 3x {pair} 100",
            QuoteRefusalReason.WithdrawAbovePrincipal or QuoteRefusalReason.NothingToRepay or QuoteRefusalReason.WithdrawRefused => $"/deleverage 1x {pair} withdraw all",
            QuoteRefusalReason.MarketPaused or QuoteRefusalReason.AlreadyAtTarget => "/position",
            _ => "/markets",
        };
    }
}
