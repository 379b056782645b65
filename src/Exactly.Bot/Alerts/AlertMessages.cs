using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Text;

namespace Exactly.Bot.Alerts;

/// <summary>One wallet's tier change at a block, what an alert section is made of.</summary>
/// <param name="Wallet">The wallet (its label is what the user sees).</param>
/// <param name="Transition">What <see cref="TierRules"/> decided.</param>
/// <param name="Reading">The <c>accountLiquidity</c> reading it decided on.</param>
public sealed record TierAlert(WatchedWallet Wallet, TierTransition Transition, LiquidityReading Reading);

/// <summary>
/// The wording of everything the monitor sends, in one seam: a section per wallet that entered a tier or recovered, the
/// message that gathers one block's sections for one user, and the paused/resumed notices. Plain text; numbers as the
/// bot's replies show them (health factor with two decimals and its word, USD with two decimals).
/// </summary>
public static class AlertMessages
{
    /// <summary>The section of a wallet that entered a worse tier.</summary>
    public static string Entered(TierAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var w = alert.Wallet;
        var line = alert.Transition.Tier switch
        {
            HealthTier.Liquidatable => "LIQUIDATABLE: collateral is below debt, anyone may liquidate it now",
            HealthTier.Danger => $"DANGER: health factor below {Units.Format(w.Thresholds.Danger, 18, 2)}",
            _ => $"WARNING: health factor below {Units.Format(w.Thresholds.Warning, 18, 2)}",
        };
        return $"{w.Label}: {line}\n{Figures(alert.Reading)}";
    }

    /// <summary>The section of a wallet that is clearly back above every tier.</summary>
    public static string Recovered(TierAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"{alert.Wallet.Label}: recovered, above every alert tier again (it reached {AlertText.Tier(alert.Transition.Tier)}; lasted {AlertText.Duration(alert.Transition.Lasted)})\n{Figures(alert.Reading)}";
    }

    /// <summary>
    /// One user's message for one block: a header naming the kind (<paramref name="title"/>) and the block, then each wallet's section.
    /// </summary>
    public static AlertMessage Block(long block, IReadOnlyList<AlertSection> sections, string title = "Health alert")
    {
        ArgumentNullException.ThrowIfNull(sections);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{title} at block {block}\n"));
        foreach (var section in sections)
        {
            text.Append('\n').Append(section.Text).Append('\n');
        }

        return new AlertMessage(text.ToString().TrimEnd('\n'), sections.Select(s => s.Link).OfType<AlertLink>().ToArray());
    }

    /// <summary>A watched wallet was liquidated (the events only: its position at the block could not be read).</summary>
    public static string Liquidated(WatchedWallet wallet, IReadOnlyList<Protocol.Positions.Liquidation> liquidations)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(liquidations);
        var last = liquidations[^1];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"You were liquidated: {wallet.Label}: {liquidations.Count} liquidation(s) in the {last.Market.Symbol} market, the last in block {last.Block} (tx {last.TransactionHash[..10]}…).");
    }

    /// <summary>No block could be evaluated for a while: alerts are not being checked.</summary>
    public static AlertMessage Paused(DateTimeOffset since, long? lastBlock) => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"Monitoring paused since {since:yyyy-MM-dd HH:mm} UTC ({(lastBlock is { } b ? $"last evaluated block {b}" : "no block evaluated yet")}): the chain cannot be read, so health alerts cannot fire. You will get a message when it resumes."),
        []);

    /// <summary>Evaluation works again.</summary>
    public static AlertMessage Resumed(long block, DateTimeOffset pausedSince) => new(
        string.Create(CultureInfo.InvariantCulture, $"Monitoring resumed at block {block} (paused since {pausedSince:yyyy-MM-dd HH:mm} UTC). Health alerts are checked again."),
        []);

    private static string Figures(LiquidityReading reading) => string.Create(
        CultureInfo.InvariantCulture,
        $"  health factor {ReplyFormat.Health(reading.HealthFactor)}\n  collateral    {Units.Format(reading.Collateral, 18, 2)} USD (risk-adjusted)\n  debt          {Units.Format(reading.Debt, 18, 2)} USD (risk-adjusted)");
}
