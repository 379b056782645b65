using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Text;

namespace Exactly.Bot.Alerts;

/// <summary>
/// The words of every alert, pure: tier entered, recovery, liquidated, maturity reminders, paused or frozen market. Numbers as
/// the bot's replies show them (<see cref="ReplyFormat"/>: 14-character labels, amounts with symbols); health factors rounded
/// DOWN to two decimals (an alert for "below 1.25" never shows 1.25); liquidation moves toward zero to 0.1 %. Every text names
/// the block it was evaluated at and that block's time. The wallet is its label where one exists, else a shortened address.
/// </summary>
public static class AlertText
{
    /// <summary>The wallet entered <paramref name="tier"/> (warning, danger or liquidatable).</summary>
    public static string Entered(AlertContext context, HealthTier tier)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = Name(context);
        var text = new StringBuilder(tier switch
        {
            HealthTier.Liquidatable => $"Liquidatable: {name} can be liquidated now (collateral below debt).\n",
            HealthTier.Danger => $"Danger: {name} is below health factor {Hf(context.Thresholds.Danger)}.\n",
            _ => $"Warning: {name} is below health factor {Hf(context.Thresholds.Warning)}.\n",
        });
        Facts(text, context);
        FixLines(text, context.Fix);
        return Close(text, context);
    }

    /// <summary>The wallet is clearly back above every tier; <paramref name="lastedSeconds"/> from <see cref="TierTransition.Lasted"/>.</summary>
    public static string Recovered(AlertContext context, HealthTier worst, long lastedSeconds)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder(
            $"Recovered: {Name(context)} is back above health factor {Hf(context.Thresholds.Warning)} ({Tier(worst)} lasted {Duration(lastedSeconds)}).\n");
        Facts(text, context);
        return Close(text, context);
    }

    /// <summary>A third party liquidated the wallet; <paramref name="context"/> is the wallet after (at the evaluated block).</summary>
    public static string Liquidated(AlertContext context, IReadOnlyList<Liquidation> liquidations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(liquidations);
        var text = new StringBuilder($"You were liquidated: {Name(context)}.\n");
        foreach (var l in liquidations)
        {
            var seized = l.SeizeMarket is { } s ? ReplyFormat.Assets(l.SeizedAssets, s) : $"{l.SeizedAssets} units";
            ReplyFormat.Line(text, "Repaid", ReplyFormat.Assets(l.RepaidAssets, l.Market), $"block {l.Block}");
            ReplyFormat.Line(text, "Seized", seized, $"tx {l.TransactionHash[..10]}…");
        }

        Facts(text, context);
        return Close(text, context);
    }

    /// <summary>A fixed borrow is due in 24 h or 1 h, or overdue with its penalty.</summary>
    public static string Maturity(AlertContext context, MaturityReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reminder);
        var m = reminder.Position.Market;
        var due = DateTimeOffset.FromUnixTimeSeconds(reminder.Borrow.Maturity);
        var owed = ReplyFormat.Assets(reminder.Borrow.Owed, m);
        var text = new StringBuilder(reminder.Stage switch
        {
            MaturityStage.Overdue =>
                $"Overdue: {Name(context)}'s fixed {m.Symbol} borrow of {owed} was due {When(due)}; a late penalty accrues until it is repaid.\n",
            MaturityStage.DueIn1Hour => $"Due in 1 h: {Name(context)}'s fixed {m.Symbol} borrow of {owed} matures {When(due)}.\n",
            _ => $"Due in 24 h: {Name(context)}'s fixed {m.Symbol} borrow of {owed} matures {When(due)}.\n",
        });
        if (reminder.Stage == MaturityStage.Overdue)
        {
            ReplyFormat.Line(text, "Penalty", ReplyFormat.Assets(reminder.PenaltySoFar, m), $"accruing {ReplyFormat.Assets(reminder.PenaltyPerDay, m)} per day");
        }
        else
        {
            ReplyFormat.Line(text, "After that", $"{ReplyFormat.Assets(reminder.PenaltyPerDay, m)} penalty per day");
        }

        Facts(text, context);
        return Close(text, context);
    }

    /// <summary>
    /// A market the wallet uses was paused (a fix cannot be sent: said, not linked) or frozen, or that was undone.
    /// </summary>
    public static string MarketChanged(AlertContext context, MarketPosition market, MarketChange change)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(market);
        var text = new StringBuilder(MarketSentence(market.Market.Symbol, Name(context), change)).Append('\n');
        Facts(text, context);
        return Close(text, context);
    }

    /// <summary>What a market's pause or freeze (or its end) means for the wallet named <paramref name="name"/>, one sentence.</summary>
    public static string MarketSentence(string symbol, string name, MarketChange change) => change switch
    {
        MarketChange.Paused => $"The {symbol} market is paused: {name} cannot repay, deleverage or be liquidated there until it is unpaused. The fix cannot be sent now.",
        MarketChange.Unpaused => $"The {symbol} market is unpaused: {name} can repay and deleverage there again, and a fix can be sent now.",
        MarketChange.Frozen => $"The {symbol} market is frozen: {name} cannot add deposits or borrows there; repaying still works.",
        _ => $"The {symbol} market is no longer frozen: {name} can add deposits and borrows there again.",
    };

    /// <summary>A sentence per used market whose feed is older than <paramref name="maxAge"/> at the position's block.</summary>
    public static IReadOnlyList<string> StalenessNotes(WalletPosition position, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Used
            .Where(m => m.PriceUpdatedAt is { } at && position.Block.Timestamp - at > (long)maxAge.TotalSeconds)
            .Select(m => $"The {m.Market.Symbol} price was last updated {Duration(position.Block.Timestamp - m.PriceUpdatedAt!.Value)} before this block (allowed: {Duration((long)maxAge.TotalSeconds)}); it may be stale.")
            .ToArray();
    }

    /// <summary><c>3 h 12 min</c>, <c>2 d 4 h</c>, <c>45 s</c>: the two largest units.</summary>
    public static string Duration(long seconds)
    {
        seconds = Math.Max(0, seconds);
        var (d, h, m) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60);
        return d > 0 ? (h > 0 ? $"{d} d {h} h" : $"{d} d")
            : h > 0 ? (m > 0 ? $"{h} h {m} min" : $"{h} h")
            : m > 0 ? $"{m} min"
            : $"{seconds} s";
    }

    private static void Facts(StringBuilder text, AlertContext context)
    {
        var p = context.Position;
        ReplyFormat.Line(text, "Health factor", p.HealthFactor is { } hf ? $"{Hf(hf)} {Protocol.Health.HealthFactor.Describe(hf)}" : "no debt");
        ReplyFormat.Line(text, "Collateral", $"{ReplyFormat.Usd(p.Collateral)} USD", "risk-adjusted");
        ReplyFormat.Line(text, "Debt", $"{ReplyFormat.Usd(p.Debt)} USD", "risk-adjusted");
        var label = "Liquidation";
        foreach (var l in context.LiquidationPrices)
        {
            var move = l.MovePercent.ToString("+0.0;−0.0", CultureInfo.InvariantCulture);
            ReplyFormat.Line(text, label, $"{l.Market.Symbol} {move} % liquidates", $"at {ReplyFormat.Usd(l.Threshold)} USD, now {ReplyFormat.Usd(l.Price)}");
            label = string.Empty;
        }

        foreach (var note in context.StalenessNotes)
        {
            text.Append(note).Append('\n');
        }
    }

    private static void FixLines(StringBuilder text, AlertFix? fix)
    {
        if (fix is null)
        {
            return;
        }

        if (!fix.Quote.IsSuccess)
        {
            var refusal = fix.Quote.Refusal;
            if (refusal?.Reason == QuoteRefusalReason.MarketPaused)
            {
                ReplyFormat.Line(text, "Fix", $"the {refusal.Market.Symbol} market is paused: the fix cannot be sent now");
            }
            else if (refusal?.Reason != QuoteRefusalReason.AlreadyAtTarget)
            {
                ReplyFormat.Line(text, "Fix", fix.Quote.Error!);
            }

            return;
        }

        var q = fix.Quote.Value!;
        var after = q.HealthFactorAfter is { } hf ? $"health factor {Hf(hf)}" : "no debt";
        if (q.Kind == FixKind.Deleverage)
        {
            ReplyFormat.Line(text, "Fix", $"deleverage {q.Market.Symbol} to {ReplyFormat.Ratio(q.Ratio)}: {after}", $"target {Hf(q.Target)}");
            if (fix.Link is { } link)
            {
                var expiry = fix.LinkExpiresAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" (expires {at:HH:mm} UTC)") : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"Review and sign in your wallet: {link}{expiry}\n");
            }

            return;
        }

        ReplyFormat.Line(text, "Fix", $"repay {ReplyFormat.Assets(q.RepayAssets, q.Market)} from your wallet: {after}", $"target {Hf(q.Target)}");
        text.Append("The signing page does not build repays yet: repay in the Exactly app.\n");
    }

    private static string Close(StringBuilder text, AlertContext context)
    {
        var block = context.Position.Block;
        text.Append(CultureInfo.InvariantCulture, $"Evaluated at block {block.Number} ({When(DateTimeOffset.FromUnixTimeSeconds(block.Timestamp))}).");
        return text.ToString();
    }

    private static string Name(AlertContext context) =>
        string.IsNullOrWhiteSpace(context.Label) ? ReplyFormat.Short(context.Position.Account) : UserText.Echo(context.Label);

    private static string Hf(BigInteger wad) => Units.Format(wad / (Units.Wad / 100) * (Units.Wad / 100), 18, 2);

    /// <summary>The tier as a word: <c>warning</c>, <c>danger</c>, <c>liquidatable</c>.</summary>
    internal static string Tier(HealthTier tier) => tier switch
    {
        HealthTier.Liquidatable => "liquidatable",
        HealthTier.Danger => "danger",
        _ => "warning",
    };

    private static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
