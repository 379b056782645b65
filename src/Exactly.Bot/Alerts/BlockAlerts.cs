using Dapper;
using Exactly.Bot.Hosting;
using Exactly.Bot.Protocol.Health;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>A message for one user, committed; <see cref="IAlertChannel.AfterCommitAsync"/> is called with it.</summary>
/// <param name="Channel">The user's transport.</param>
/// <param name="UserId">The user.</param>
/// <param name="Message">What they get.</param>
public sealed record AlertDelivery(IAlertChannel Channel, string UserId, AlertMessage Message);

/// <summary>
/// What one evaluated block changes, all inside the caller's transaction (the monitor's one transaction per block): each
/// wallet's tier state, the alerts it causes as outbox rows (one message per user, however many of their wallets crossed),
/// the "resumed" notices when monitoring was paused, the position history and the monitor's own state. A crossing and its
/// message commit together, so a kill anywhere gives the message once: before the commit neither exists (the next block
/// decides again), after it the outbox delivers it.
/// </summary>
public static class BlockAlerts
{
    /// <summary>Applies <paramref name="evaluation"/>; returns the messages (already enqueued) and how many tier alerts were among them.</summary>
    /// <remarks>A wallet found in <paramref name="described"/> gets that section (<see cref="AlertFacts"/>); any other, its short
    /// section. The sections in <paramref name="liquidated"/> ("you were liquidated") join their users' messages. The
    /// <paramref name="notices"/> (<see cref="BlockNotices.Apply"/>, already recorded in this transaction) are enqueued with them.</remarks>
    public static (IReadOnlyList<AlertDelivery> Deliveries, int Alerts) Apply(
        SqliteConnection connection, SqliteTransaction transaction, HealthEvaluation evaluation, IReadOnlyDictionary<string, IAlertChannel> channels, DateTimeOffset now,
        IReadOnlyDictionary<long, AlertSection>? described = null, IReadOnlyDictionary<long, AlertSection>? liquidated = null,
        IReadOnlyList<(WalletOwner Owner, AlertMessage Message)>? notices = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var block = evaluation.Block;
        var nowMs = now.ToUnixTimeMilliseconds();
        // Re-read inside the transaction: a wallet unwatched since the reads started has no state to write.
        var wallets = WatchStore.All(connection, transaction);
        var states = WatchStore.ReadTierStates(connection, transaction);
        var sections = new Dictionary<WalletOwner, List<AlertSection>>();
        var held = new Dictionary<WalletOwner, bool>();
        var changed = new HashSet<Ethereum.Address>();
        var written = new List<(long, TierState)>(wallets.Count);
        foreach (var wallet in wallets)
        {
            // No reading (its call reverted, or it was added after the reads): no state change and no alert.
            if (!evaluation.Readings.TryGetValue(wallet.Address, out var reading))
            {
                continue;
            }

            var state = states.GetValueOrDefault(wallet.Id, TierState.Initial);
            var transition = TierRules.Observe(state, wallet.Thresholds, block.Number, block.Timestamp, reading.Collateral, reading.Debt);
            written.Add((wallet.Id, transition.State));
            if (transition.Change != TierChange.None)
            {
                changed.Add(wallet.Address);
            }

            if (transition.Change == TierChange.None || !wallet.AlertsOn || Snoozed(connection, transaction, wallet.Owner, now, held))
            {
                // Snoozed or off: the state still advances (latched, re-armed), nothing is said.
                continue;
            }

            var alert = new TierAlert(wallet, transition, reading);
            var section = described?.GetValueOrDefault(wallet.Id)
                ?? new AlertSection(transition.Change == TierChange.Entered ? AlertMessages.Entered(alert) : AlertMessages.Recovered(alert), null);
            (sections.TryGetValue(wallet.Owner, out var list) ? list : sections[wallet.Owner] = []).Add(section);
        }

        WatchStore.WriteTierStates(connection, transaction, written, nowMs);
        // A liquidation is a fact, not a warning: told to every watcher with alerts on, snoozed or not.
        foreach (var wallet in wallets.Where(w => w.AlertsOn && liquidated?.ContainsKey(w.Id) == true))
        {
            (sections.TryGetValue(wallet.Owner, out var list) ? list : sections[wallet.Owner] = []).Add(liquidated![wallet.Id]);
        }

        var previous = MonitorState.Read(connection, transaction);
        var messages = new List<(WalletOwner, AlertMessage)>();
        if (previous.PausedSince is { } pausedSince)
        {
            messages.AddRange(Subscribers(wallets).Select(o => (o, AlertMessages.Resumed(block.Number, DateTimeOffset.FromUnixTimeMilliseconds(pausedSince)))));
        }

        messages.AddRange(sections.Select(p => (p.Key, AlertMessages.Block(block.Number, p.Value))));
        messages.AddRange(notices ?? []);
        PositionHistory.Record(connection, transaction, evaluation, changed, nowMs);
        new MonitorState(block.Number, block.Timestamp, nowMs, null).Write(connection, transaction);
        return (Enqueue(connection, transaction, messages, channels, $"block:{block.Number}", nowMs), sections.Count);
    }

    /// <summary>
    /// The alerts <see cref="Apply"/> will send for <paramref name="evaluation"/>, decided the same way on the stored state but
    /// without writing anything, so their facts and fix links can be read before the block's transaction opens. The monitor is
    /// the only writer of tier state, so Apply, run next on the same state, decides the same crossings.
    /// </summary>
    public static IReadOnlyList<TierAlert> Predict(SqliteConnection connection, HealthEvaluation evaluation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var states = WatchStore.ReadTierStates(connection, null);
        var alerts = new List<TierAlert>();
        foreach (var wallet in WatchStore.All(connection, null))
        {
            if (!wallet.AlertsOn || !evaluation.Readings.TryGetValue(wallet.Address, out var reading)
                || WatchStore.SnoozedUntil(connection, null, wallet.Owner, now) is not null)
            {
                continue;
            }

            var state = states.GetValueOrDefault(wallet.Id, TierState.Initial);
            var transition = TierRules.Observe(state, wallet.Thresholds, evaluation.Block.Number, evaluation.Block.Timestamp, reading.Collateral, reading.Debt);
            if (transition.Change != TierChange.None)
            {
                alerts.Add(new TierAlert(wallet, transition, reading));
            }
        }

        return alerts;
    }

    /// <summary>Tells every subscriber that monitoring is paused since <paramref name="since"/>, once (inside the caller's transaction).</summary>
    public static IReadOnlyList<AlertDelivery> Pause(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, IAlertChannel> channels, DateTimeOffset since, DateTimeOffset now)
    {
        var state = MonitorState.Read(connection, transaction);
        if (state.Paused)
        {
            return [];
        }

        var sinceMs = since.ToUnixTimeMilliseconds();
        var messages = Subscribers(WatchStore.All(connection, transaction)).Select(o => (o, AlertMessages.Paused(since, state.LastBlock))).ToList();
        (state with { PausedSince = sinceMs }).Write(connection, transaction);
        return Enqueue(connection, transaction, messages, channels, $"paused:{sinceMs}", now.ToUnixTimeMilliseconds());
    }

    /// <summary>The users with at least one wallet whose alerts are on.</summary>
    public static IEnumerable<WalletOwner> Subscribers(IEnumerable<WatchedWallet> wallets) => wallets.Where(w => w.AlertsOn).Select(w => w.Owner).Distinct();

    private static List<AlertDelivery> Enqueue(
        SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(WalletOwner Owner, AlertMessage Message)> messages, IReadOnlyDictionary<string, IAlertChannel> channels, string sourceEvent, long nowMs)
    {
        var deliveries = new List<AlertDelivery>();
        foreach (var (owner, message) in messages)
        {
            // A transport that is not running this time (its settings removed) has no way to the user: nothing to queue.
            if (!channels.TryGetValue(owner.Transport, out var channel))
            {
                continue;
            }

            var rows = channel.Render(owner.UserId, message, OutboxPriority.Alert);
            if (rows.Count > 0)
            {
                OutboxStore.Enqueue(connection, transaction, owner.Transport, rows, sourceEvent, nowMs);
            }

            deliveries.Add(new AlertDelivery(channel, owner.UserId, message));
        }

        return deliveries;
    }

    private static bool Snoozed(SqliteConnection connection, SqliteTransaction transaction, WalletOwner owner, DateTimeOffset now, Dictionary<WalletOwner, bool> held) =>
        held.TryGetValue(owner, out var snoozed) ? snoozed : held[owner] = WatchStore.SnoozedUntil(connection, transaction, owner, now) is not null;
}
