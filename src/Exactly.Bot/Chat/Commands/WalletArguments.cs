using System.Globalization;
using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// What people type for the alert commands: an address, a label, a health factor, a snooze duration. Each returns the value
/// or a sentence saying what was wrong, with the user's text through <see cref="UserText.Echo"/>.
/// </summary>
internal static class WalletArguments
{
    /// <summary>The lowest threshold or target: anything at or below 1.0 is already liquidatable.</summary>
    public static readonly BigInteger MinHealth = Units.Wad;

    /// <summary>The highest warning or danger threshold: 3.0 (above it an alert would fire on ordinary positions).</summary>
    public static readonly BigInteger MaxThreshold = Units.Wad * 3;

    /// <summary>The highest fix target: 5.0 (a deleverage to far above that is a withdrawal, not a fix).</summary>
    public static readonly BigInteger MaxTarget = Units.Wad * 5;

    /// <summary>The longest snooze: 7 days.</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(7);

    /// <summary>An address, or why the text is not one.</summary>
    public static (Address? Address, string Error) ParseAddress(string typed)
    {
        if (Address.TryParse(typed, out var parsed, out _))
        {
            return (parsed, string.Empty);
        }

        // Our own reason, not the parser's: its sentence quotes the whole input, however long.
        var reason = LooksLikeAddress(typed) ? "its EIP-55 checksum is wrong; copy the address again" : "expected 0x followed by 40 hex digits";
        return (null, $"'{UserText.Echo(typed)}' is not an address ({reason}).");
    }

    /// <summary>True for 0x and 40 hex digits (whatever its checksum).</summary>
    public static bool LooksLikeAddress(string typed) =>
        typed.Length == 42 && typed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && typed[2..].All(char.IsAsciiHexDigit);

    /// <summary>Null when <paramref name="label"/> is a usable label, else why not (an address is longer than any label, so none reads as one).</summary>
    public static string? LabelProblem(string label) =>
        label.Length > WatchStore.MaxLabelLength ? $"A label is at most {WatchStore.MaxLabelLength} characters; '{UserText.Echo(label)}' is longer."
        : !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? $"A label is letters, digits, - and _ only; '{UserText.Echo(label)}' is not."
        : null;

    /// <summary>A health factor as WAD (<c>1.3</c> → 1.3e18), or why the text is not one; at most 2 decimals.</summary>
    public static (BigInteger Value, string Error) ParseHealth(string typed)
    {
        var text = typed.Trim();
        if (!Units.TryParse(text, 18, out var wad, out _) || text.Contains(',', StringComparison.Ordinal))
        {
            return (BigInteger.Zero, $"'{UserText.Echo(typed)}' is not a health factor; write it like 1.3.");
        }

        return wad % (Units.Wad / 100) != 0
            ? (BigInteger.Zero, $"'{UserText.Echo(typed)}' has more than 2 decimals; health factors are set to the hundredth, like 1.35.")
            : (wad, string.Empty);
    }

    /// <summary>A duration <c>30m</c>, <c>6h</c>, <c>2d</c> (1 minute to <see cref="MaxSnooze"/>), or why the text is not one.</summary>
    public static (TimeSpan Value, string Error) ParseDuration(string typed)
    {
        var text = typed.Trim().ToLowerInvariant();
        var unit = text.Length > 1 ? text[^1] : ' ';
        if (unit is not ('m' or 'h' or 'd') || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            return (TimeSpan.Zero, $"'{UserText.Echo(typed)}' is not a duration; write a whole number of minutes, hours or days: 30m, 6h or 2d.");
        }

        var span = unit switch { 'm' => TimeSpan.FromMinutes(count), 'h' => TimeSpan.FromHours(count), _ => TimeSpan.FromDays(count) };
        return span > MaxSnooze
            ? (TimeSpan.Zero, $"A snooze lasts at most {MaxSnooze.TotalDays:0} days; '{UserText.Echo(typed)}' is longer.")
            : (span, string.Empty);
    }

    /// <summary>
    /// The user's wallet named by a label or an address, or a sentence naming the user's labels. The sentence never shows an
    /// address: it may be read in a group.
    /// </summary>
    public static async Task<(WatchedWallet? Wallet, string Error)> FindAsync(WatchStore store, WalletOwner owner, string typed, CancellationToken cancellationToken)
    {
        var wallet = await store.FindAsync(owner, typed, cancellationToken).ConfigureAwait(false);
        if (wallet is not null)
        {
            return (wallet, string.Empty);
        }

        var labels = (await store.ListAsync(owner, cancellationToken).ConfigureAwait(false)).Select(w => w.Label).ToList();
        var shown = LooksLikeAddress(typed) ? "That address" : $"'{UserText.Echo(typed)}'";
        return (null, labels.Count == 0
            ? $"{shown} is not one of your wallets: you watch none yet."
            : $"{shown} is not one of your wallets. Yours: {string.Join(", ", labels)}.");
    }
}
