using System.Numerics;
using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/alert &lt;wallet&gt; below|danger|target &lt;health factor&gt;</c> and <c>/alert &lt;wallet&gt; on|off</c>: one wallet's
/// rules. Warning and danger are in 1.01–3.00 with danger ≤ warning; the fix target is above the warning (a fix must clear
/// the alert) and at most 5.00.
/// </summary>
public sealed class AlertCommand(WatchStore store) : ICommand
{
    private static readonly BigInteger Units100 = Ethereum.Units.Wad / 100;

    /// <inheritdoc />
    public string Name => "alert";

    /// <inheritdoc />
    public string Usage => "/alert <wallet> below|danger|target <health factor>, or /alert <wallet> on|off";

    /// <inheritdoc />
    public string Summary => "set a wallet's warning or danger threshold or fix target, or turn its alerts on or off";

    /// <inheritdoc />
    public string Example => "/alert main below 1.3";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Arguments;
        var setting = args.Count >= 2 ? args[1].ToLowerInvariant() : string.Empty;
        var valued = setting is "below" or "warning" or "danger" or "target";
        if (args.Count < 2 || (valued ? args.Count != 3 : args.Count != 2 || setting is not ("on" or "off")))
        {
            return Reply.Error($"/alert takes a wallet and one setting: {Usage}.", Example);
        }

        var owner = ChatPrivacy.Owner(context.Message);
        var (wallet, error) = await WalletArguments.FindAsync(store, owner, args[0], cancellationToken).ConfigureAwait(false);
        if (wallet is null)
        {
            return Reply.Error(error, "/wallets");
        }

        var name = WalletText.Name(wallet, ChatPrivacy.IsPrivate(context.Message));
        if (!valued)
        {
            var on = setting == "on";
            await store.SetAlertsOnAsync(owner, wallet.Id, on, cancellationToken).ConfigureAwait(false);
            return Reply.Plain(on
                ? $"Alerts for {name} are on: {WalletText.Rules(wallet with { AlertsOn = true })}."
                : $"Alerts for {name} are off. It is still read for /alerts and /wallets; turn them back on with /alert {wallet.Label} on.");
        }

        var (value, problem) = WalletArguments.ParseHealth(args[2]);
        if (problem.Length > 0)
        {
            return Reply.Error(problem, $"/alert {wallet.Label} {setting} {Suggested(setting, wallet)}");
        }

        return setting == "target"
            ? await SetTargetAsync(owner, wallet, name, value, cancellationToken).ConfigureAwait(false)
            : await SetThresholdAsync(owner, wallet, name, setting == "danger", value, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Reply> SetThresholdAsync(WalletOwner owner, WatchedWallet wallet, string name, bool danger, BigInteger value, CancellationToken cancellationToken)
    {
        var t = wallet.Thresholds;
        var word = danger ? "danger" : "below";
        var refusal =
            value <= WalletArguments.MinHealth ? $"A threshold must be above 1.00: at 1.00 the wallet is already liquidatable."
            : value > WalletArguments.MaxThreshold ? $"A threshold is at most {WalletText.Health(WalletArguments.MaxThreshold)}; above it ordinary positions would alert all the time."
            : danger && value > t.Warning ? $"Danger must be at or below the warning threshold ({WalletText.Health(t.Warning)}); raise the warning first."
            : !danger && value < t.Danger ? $"The warning must be at or above the danger threshold ({WalletText.Health(t.Danger)}); lower danger first."
            : !danger && value >= wallet.FixTarget ? $"The warning must be below the fix target ({WalletText.Health(wallet.FixTarget)}), so that a fix clears it; raise the target first."
            : null;
        if (refusal is not null)
        {
            return Reply.Error(refusal, $"/alert {wallet.Label} {word} {Suggested(word, wallet)}");
        }

        var updated = danger ? t with { Danger = value } : t with { Warning = value };
        await store.SetThresholdsAsync(owner, wallet.Id, updated, cancellationToken).ConfigureAwait(false);
        return Reply.Plain($"{name}: {(danger ? "danger" : "warning")} below {WalletText.Health(value)}. Now {WalletText.Rules(wallet with { Thresholds = updated })}.");
    }

    private async Task<Reply> SetTargetAsync(WalletOwner owner, WatchedWallet wallet, string name, BigInteger value, CancellationToken cancellationToken)
    {
        var refusal =
            value <= wallet.Thresholds.Warning ? $"The fix target must be above the warning threshold ({WalletText.Health(wallet.Thresholds.Warning)}), so that a fix clears the alert."
            : value > WalletArguments.MaxTarget ? $"The fix target is at most {WalletText.Health(WalletArguments.MaxTarget)}; to leave less debt than that, use /deleverage."
            : null;
        if (refusal is not null)
        {
            return Reply.Error(refusal, $"/alert {wallet.Label} target {Suggested("target", wallet)}");
        }

        await store.SetFixTargetAsync(owner, wallet.Id, value, cancellationToken).ConfigureAwait(false);
        return Reply.Plain($"{name}: fix links aim for health factor {WalletText.Health(value)}. Now {WalletText.Rules(wallet with { FixTarget = value })}.");
    }

    /// <summary>A value the wallet's other rules accept for this setting (an example that works).</summary>
    private static string Suggested(string setting, WatchedWallet wallet)
    {
        var t = wallet.Thresholds;
        var value = setting switch
        {
            "danger" => Clamp(t.Danger, WalletArguments.MinHealth + Units100, t.Warning),
            "target" => Clamp(wallet.FixTarget, t.Warning + Units100, WalletArguments.MaxTarget),
            _ => Clamp(t.Warning, t.Danger, BigInteger.Min(WalletArguments.MaxThreshold, wallet.FixTarget - Units100)),
        };
        return WalletText.Health(value);
    }

    private static BigInteger Clamp(BigInteger value, BigInteger min, BigInteger max) => BigInteger.Max(min, BigInteger.Min(max, value));
}
