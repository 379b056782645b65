using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Hosting;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Alerts;

/// <summary>One wallet's part of an alert message: its text and, for a deleverage fix, the signing link as a button.</summary>
/// <param name="Text">The section (<see cref="AlertText"/>'s words).</param>
/// <param name="Link">The fix's signing page, or null.</param>
public sealed record AlertSection(string Text, AlertLink? Link);

/// <summary>
/// What an alert states besides the crossing (issue 12 item 4): the wallet's position at the evaluated block
/// (<see cref="PositionReader"/>, pinned to the same block hash as the health reading), its liquidation prices, stale feeds,
/// and for a tier entered a fix quoted to the wallet's target health factor with its signing link (same page, same guards,
/// simulated there) or, for a paused market, the sentence that the fix cannot be sent now.
/// </summary>
public sealed partial class AlertFacts(PositionReader positions, FixQuoter fixes, SigningLinks links, IOptions<AlertOptions> options, ILogger<AlertFacts> logger)
{
    /// <summary>
    /// The sections of the wallets in <paramref name="alerts"/>, by wallet id. A wallet whose position could not be read at
    /// <paramref name="block"/> is missing (the monitor then sends its short section, built from the health reading alone):
    /// an alert is never held back for want of its extras, and never states a figure from another block.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, AlertSection>> DescribeAsync(IReadOnlyList<TierAlert> alerts, BlockHeader block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(block);
        var sections = new Dictionary<long, AlertSection>();
        if (alerts.Count == 0)
        {
            return sections;
        }

        IReadOnlyDictionary<Address, WalletPosition> read;
        try
        {
            read = await positions.ReadAsync(alerts.Select(a => a.Wallet.Address).Distinct().ToList(), block, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything that goes wrong with the extras (a node fault, a quote that cannot be built) leaves them out: the
            // alert itself is decided on the health reading and must not be held back, nor stop the monitor.
            LogFactsFailed(logger, block.Number, ex.Message);
            return sections;
        }

        foreach (var alert in alerts)
        {
            if (read.TryGetValue(alert.Wallet.Address, out var position))
            {
                sections[alert.Wallet.Id] = await SectionAsync(alert, position, block, cancellationToken);
            }
        }

        return sections;
    }

    /// <summary>
    /// "You were liquidated" sections, by wallet id, for the watched wallets among <paramref name="liquidations"/>'s borrowers
    /// (the wallet as it is after, at <paramref name="block"/>). A wallet whose position cannot be read gets the events alone.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, AlertSection>> LiquidatedAsync(
        IReadOnlyList<WatchedWallet> wallets, IReadOnlyList<Liquidation> liquidations, BlockHeader block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wallets);
        ArgumentNullException.ThrowIfNull(liquidations);
        var byBorrower = liquidations.Where(l => !l.Removed).GroupBy(l => l.Borrower).ToDictionary(g => g.Key, g => (IReadOnlyList<Liquidation>)g.ToList());
        var sections = new Dictionary<long, AlertSection>();
        if (byBorrower.Count == 0)
        {
            return sections;
        }

        IReadOnlyDictionary<Address, WalletPosition> read;
        try
        {
            read = await positions.ReadAsync(byBorrower.Keys.ToList(), block, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything that goes wrong with the extras (a node fault, a quote that cannot be built) leaves them out: the
            // alert itself is decided on the health reading and must not be held back, nor stop the monitor.
            LogFactsFailed(logger, block.Number, ex.Message);
            read = new Dictionary<Address, WalletPosition>();
        }

        foreach (var wallet in wallets.Where(w => byBorrower.ContainsKey(w.Address)))
        {
            var events = byBorrower[wallet.Address];
            sections[wallet.Id] = new AlertSection(
                read.TryGetValue(wallet.Address, out var position)
                    ? AlertText.Liquidated(new AlertContext(position, wallet.Label, wallet.Thresholds, LiquidationPrices.For(position), []), events)
                    : AlertMessages.Liquidated(wallet, events),
                null);
        }

        return sections;
    }

    private async Task<AlertSection> SectionAsync(TierAlert alert, WalletPosition position, BlockHeader block, CancellationToken cancellationToken)
    {
        var wallet = alert.Wallet;
        var notes = AlertText.StalenessNotes(position, options.Value.MaxPriceAge);
        var context = new AlertContext(position, wallet.Label, wallet.Thresholds, LiquidationPrices.For(position), notes);
        if (alert.Transition.Change == TierChange.Recovered)
        {
            return new AlertSection(AlertText.Recovered(context, alert.Transition.Tier, alert.Transition.Lasted), null);
        }

        var fix = await FixAsync(wallet, position, block, cancellationToken);
        var text = AlertText.Entered(context with { Fix = fix }, alert.Transition.Tier);
        return new AlertSection(text, fix?.Link is { } url ? new AlertLink("Fix it: review and sign", new Uri(url)) : null);
    }

    private async Task<AlertFix?> FixAsync(WatchedWallet wallet, WalletPosition position, BlockHeader block, CancellationToken cancellationToken)
    {
        try
        {
            var quote = await fixes.QuoteAsync(position, wallet.FixTarget, cancellationToken);
            if (!quote.IsSuccess)
            {
                return new AlertFix(quote);
            }

            // One session per wallet and block: the alert's own event, so an alert redone after a crash reuses its link.
            var owner = new SessionOwner(wallet.Owner.Transport, PrivateChat.Id(wallet.Owner.Transport, wallet.Owner.UserId), wallet.Owner.UserId, $"alert:{block.Number}:{wallet.Id}");
            var session = await links.ForFixAsync(owner, quote.Value!, cancellationToken);
            return new AlertFix(quote, session?.Url.ToString(), session?.ExpiresAt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything that goes wrong with the extras (a node fault, a quote that cannot be built) leaves them out: the
            // alert itself is decided on the health reading and must not be held back, nor stop the monitor.
            // The alert still goes, without a fix: a fix that cannot be quoted is left out, never guessed.
            LogFixFailed(logger, block.Number, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert facts at block {Block} could not be read ({Detail}); alerts go with their health figures only")]
    private static partial void LogFactsFailed(ILogger logger, long block, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fix at block {Block} could not be quoted ({Detail}); the alert goes without one")]
    private static partial void LogFixFailed(ILogger logger, long block, string detail);
}
