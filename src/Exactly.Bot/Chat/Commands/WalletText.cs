using System.Globalization;
using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>How the alert commands show a wallet: its label (and short address only in a private chat), rules and evaluation.</summary>
internal static class WalletText
{
    /// <summary><c>main (0x7099…79C8)</c> in a private chat, <c>main</c> anywhere else.</summary>
    public static string Name(WatchedWallet wallet, bool inPrivate) =>
        inPrivate ? $"{wallet.Label} ({ReplyFormat.Short(wallet.Address)})" : wallet.Label;

    /// <summary>A health factor WAD with two decimals: <c>1.25</c>.</summary>
    public static string Health(BigInteger wad) => Units.FormatFixed(wad, 18, 2);

    /// <summary>A tier as a word.</summary>
    public static string Tier(HealthTier tier) => tier switch
    {
        HealthTier.Safe => "safe",
        HealthTier.Warning => "warning",
        HealthTier.Danger => "danger",
        _ => "liquidatable",
    };

    /// <summary>The monitor's last reading: <c>warning at block 1234, 2 min ago</c>, or <c>not evaluated yet</c>.</summary>
    public static string Evaluation(WalletEvaluation? evaluation, DateTimeOffset now)
    {
        if (evaluation is not { State.LastBlock: { } block } e)
        {
            return "not evaluated yet";
        }

        var latched = e.State.Latched > e.State.LastTier ? $" (alerted {Tier(e.State.Latched)}, not re-armed yet)" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{Tier(e.State.LastTier)}{latched} at block {block}, {Age(now - e.EvaluatedAt)}");
    }

    /// <summary><c>just now</c>, <c>45 s ago</c>, <c>3 min ago</c>, <c>2 h ago</c>, <c>1 d ago</c>.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 1 } => "just now",
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds} s ago"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h ago"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d ago"),
    };

    /// <summary>A span as the user would say it: <c>6 h</c>, <c>1 d 12 h</c>, <c>45 min</c>.</summary>
    public static string Span(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days} d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h"));
        }

        if (span.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min"));
        }

        return string.Join(' ', parts);
    }

    /// <summary>A wallet's rules on one line: <c>alerts on · warning &lt; 1.25 · danger &lt; 1.10 · fix to 1.50</c>.</summary>
    public static string Rules(WatchedWallet wallet) =>
        $"alerts {(wallet.AlertsOn ? "on" : "off")} · warning < {Health(wallet.Thresholds.Warning)} · danger < {Health(wallet.Thresholds.Danger)} · liquidatable < 1.00 · fix to {Health(wallet.FixTarget)}";
}
