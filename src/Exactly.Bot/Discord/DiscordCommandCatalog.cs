using System.Globalization;
using System.Text.Json;
using Exactly.Bot.Chat;

namespace Exactly.Bot.Discord;

/// <summary>
/// Slash commands with typed options, derived from the chat's command table: commands known here get typed options
/// (<c>/leverage ratio:3x asset:USDC amount:100</c>), any other command one optional <c>arguments</c> string, so a command
/// added to the table shows up on Discord without a change here. An interaction maps back to the chat line the parser reads.
/// </summary>
public static class DiscordCommandCatalog
{
    private const int String = 3;
    private const int Number = 10;

    private static readonly Dictionary<string, ApplicationCommandOption[]> TypedOptions = new(StringComparer.Ordinal)
    {
        ["help"] = [],
        ["leverage"] =
        [
            new(String, "ratio", "target leverage, e.g. 3x", Required: true),
            new(String, "asset", "market asset, e.g. USDC", Required: true) { Autocomplete = true },
            new(Number, "amount", "amount to add from your wallet", Required: false) { MinValue = 0 },
        ],
        ["deleverage"] =
        [
            new(String, "ratio", "target leverage, e.g. 1x", Required: true),
            new(String, "asset", "market asset, e.g. USDC", Required: true) { Autocomplete = true },
        ],
        ["watch"] =
        [
            new(String, "address", "the wallet's address, 0x and 40 hex digits", Required: true),
            new(String, "label", "your name for it, e.g. main (letters, digits, - and _)", Required: false),
        ],
        ["unwatch"] = [new(String, "wallet", "the wallet's label (see /wallets) or address", Required: true)],
        ["wallets"] = [],
        ["alert"] =
        [
            new(String, "wallet", "the wallet's label (see /wallets) or address", Required: true),
            new(String, "setting", "below (warning), danger, target (fix), on or off", Required: true),
            new(Number, "value", "health factor for below, danger or target, e.g. 1.3", Required: false) { MinValue = 1 },
        ],
        ["alerts"] = [],
        ["snooze"] = [new(String, "duration", "30m, 6h or 2d (at most 7 days), or off", Required: false)],
        ["link"] = [new(String, "label", "your name for the wallet, e.g. main", Required: false)],
    };

    /// <summary>Commands answered at once (no chain reads): everything else is deferred (type 5) and edited later.</summary>
    public static bool IsInstant(string? name) => name is "help";

    /// <summary>Commands whose replies are personal (quotes, signing links): their responses are ephemeral (flag 64).</summary>
    public static bool IsPersonal(string? name) => !IsInstant(name);

    /// <summary>The bulk-overwrite body for <c>PUT /applications/{id}/commands</c>.</summary>
    public static IReadOnlyList<ApplicationCommand> Build(IEnumerable<ICommand> commands) =>
        commands.Select(c => new ApplicationCommand(
            c.Name,
            c.Summary.Length > 100 ? c.Summary[..99] + "…" : c.Summary,
            TypedOptions.TryGetValue(c.Name, out var options) ? options : [new ApplicationCommandOption(String, "arguments", c.Usage.Length > 100 ? c.Usage[..100] : c.Usage, Required: false)]))
            .ToArray();

    /// <summary>The chat line for an invocation: <c>/leverage 3x USDC 100</c> (options in declared order).</summary>
    public static string ToText(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var declared = TypedOptions.GetValueOrDefault(data.Name ?? string.Empty) ?? [];
        var values = (data.Options ?? [])
            .OrderBy(o => Array.FindIndex(declared, d => d.Name == o.Name) is var i and >= 0 ? i : int.MaxValue)
            .Select(o => o.Value.ValueKind switch
            {
                JsonValueKind.Number => o.Value.GetDecimal().ToString(CultureInfo.InvariantCulture),
                JsonValueKind.String => o.Value.GetString() ?? string.Empty,
                _ => o.Value.GetRawText(),
            })
            .Where(v => v.Length > 0);
        return string.Join(' ', new[] { "/" + data.Name }.Concat(values));
    }
}
