using System.Globalization;
using System.Numerics;
using Dapper;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>
/// The watched wallets, their rules and snoozes (issue 12), in the bot's SQLite file. Each method is its own transaction;
/// the tier state, which must commit together with the alerts it causes, is read and written inside the caller's
/// transaction (<see cref="ReadTierState"/>, <see cref="WriteTierState"/>).
/// </summary>
public sealed partial class WatchStore(Database database, TimeProvider time)
{
    /// <summary>How many wallets one chat user may watch.</summary>
    public const int MaxWalletsPerUser = 10;

    /// <summary>The longest label, in characters.</summary>
    public const int MaxLabelLength = 24;

    private static readonly string[] TierStateParameters = ["$id", "$latched", "$since", "$block", "$tier", "$clear", "$now"];

    private const string Columns =
        "id AS Id, transport AS Transport, user_id AS UserId, address AS Address, label AS Label, linked_at AS LinkedAt, warning_wad AS WarningWad, danger_wad AS DangerWad, rearm_wad AS RearmWad, fix_target_wad AS FixTargetWad, alerts_on AS AlertsOn, created_at AS CreatedAt";

    /// <summary>
    /// Watches <paramref name="address"/> for <paramref name="owner"/> under <paramref name="label"/> (default <c>wallet1</c>,
    /// <c>wallet2</c>…) with the default tiers. With <paramref name="linked"/> the wallet is marked as proven (also when it
    /// was already watched). Returns the outcome and the wallet (the existing one for <see cref="WatchOutcome.AlreadyWatched"/>).
    /// </summary>
    public async Task<(WatchOutcome Outcome, WatchedWallet? Wallet)> WatchAsync(WalletOwner owner, Address address, string? label, bool linked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var result = Watch(connection, transaction, owner, address, label, linked, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (result.Outcome is WatchOutcome.Added or WatchOutcome.AlreadyWatched)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// <see cref="WatchAsync"/> inside the caller's transaction (a wallet linked with Sign-In with Ethereum commits together
    /// with the use of its nonce); the caller commits.
    /// </summary>
    public static (WatchOutcome Outcome, WatchedWallet? Wallet) Watch(
        SqliteConnection connection, SqliteTransaction transaction, WalletOwner owner, Address address, string? label, bool linked, long now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(owner);
        var mine = List(connection, transaction, owner);
        var existing = mine.FirstOrDefault(w => w.Address == address);
        if (existing is not null)
        {
            if (linked && !existing.Linked)
            {
                connection.Execute("UPDATE watched_wallets SET linked_at = @now WHERE id = @Id", new { now, existing.Id }, transaction);
                existing = existing with { LinkedAt = now };
            }

            return (WatchOutcome.AlreadyWatched, existing);
        }

        if (mine.Count >= MaxWalletsPerUser)
        {
            return (WatchOutcome.LimitReached, null);
        }

        label ??= Enumerable.Range(1, MaxWalletsPerUser + 1).Select(i => $"wallet{i}").First(l => mine.All(w => !Same(w.Label, l)));
        if (mine.Any(w => Same(w.Label, label)))
        {
            return (WatchOutcome.LabelTaken, mine.First(w => Same(w.Label, label)));
        }

        var t = AlertThresholds.Default;
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO watched_wallets (transport, user_id, address, label, linked_at, warning_wad, danger_wad, rearm_wad, fix_target_wad, alerts_on, created_at)
            VALUES (@Transport, @UserId, @address, @label, @linkedAt, @warning, @danger, @rearm, @target, 1, @now);
            SELECT last_insert_rowid();
            """,
            new
            {
                owner.Transport, owner.UserId, address = address.ToString(), label, linkedAt = linked ? now : (long?)null,
                warning = Wad(t.Warning), danger = Wad(t.Danger), rearm = Wad(t.RearmMargin), target = Wad(WatchedWallet.DefaultFixTarget), now,
            },
            transaction);
        return (WatchOutcome.Added, new WatchedWallet(id, owner, address, label, linked ? now : null, t, WatchedWallet.DefaultFixTarget, true, now));
    }

    /// <summary>The user's wallets, oldest first.</summary>
    public async Task<IReadOnlyList<WatchedWallet>> ListAsync(WalletOwner owner, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        cancellationToken.ThrowIfCancellationRequested();
        return List(connection, null, owner);
    }

    /// <summary>The user's wallet whose label (case-insensitive) or address is <paramref name="labelOrAddress"/>, or null.</summary>
    public async Task<WatchedWallet?> FindAsync(WalletOwner owner, string labelOrAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labelOrAddress);
        var mine = await ListAsync(owner, cancellationToken);
        var text = labelOrAddress.Trim();
        return Address.TryParse(text, out var address, out _)
            ? mine.FirstOrDefault(w => w.Address == address)
            : mine.FirstOrDefault(w => Same(w.Label, text));
    }

    /// <summary>Every watched wallet of every user (what the monitor evaluates), by id.</summary>
    public async Task<IReadOnlyList<WatchedWallet>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM watched_wallets ORDER BY id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToWallet()).ToList();
    }

    /// <summary>Every watched wallet, by id, inside the caller's transaction (the monitor's block transaction).</summary>
    public static IReadOnlyList<WatchedWallet> All(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Query<Row>($"SELECT {Columns} FROM watched_wallets ORDER BY id", transaction: transaction).Select(r => r.ToWallet()).ToList();

    /// <summary>Every wallet's tier state by wallet id (absent: <see cref="TierState.Initial"/>), in one query, inside the caller's transaction.</summary>
    public static IReadOnlyDictionary<long, TierState> ReadTierStates(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Query<(long Id, long Latched, long? Since, long? Block, long Tier, long Clear)>(
                "SELECT wallet_id, latched, latched_since, last_block, last_tier, last_clear_of FROM wallet_tier_state", transaction: transaction)
            .ToDictionary(r => r.Id, r => new TierState((HealthTier)r.Latched, r.Since, r.Block, (HealthTier)r.Tier, (HealthTier)r.Clear));

    /// <summary>Stops watching (its rules and tier state go with it); false when it was not the user's.</summary>
    public Task<bool> UnwatchAsync(WalletOwner owner, long walletId, CancellationToken cancellationToken) =>
        UpdateAsync(owner, walletId, "DELETE FROM watched_wallets", new { }, cancellationToken);

    /// <summary>Sets a wallet's tiers; false when it was not the user's.</summary>
    public Task<bool> SetThresholdsAsync(WalletOwner owner, long walletId, AlertThresholds thresholds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return UpdateAsync(owner, walletId, "UPDATE watched_wallets SET warning_wad = @w, danger_wad = @d, rearm_wad = @r",
            new { w = Wad(thresholds.Warning), d = Wad(thresholds.Danger), r = Wad(thresholds.RearmMargin) }, cancellationToken);
    }

    /// <summary>Sets the health factor (WAD) a wallet's fix link aims for; false when it was not the user's.</summary>
    public Task<bool> SetFixTargetAsync(WalletOwner owner, long walletId, BigInteger target, CancellationToken cancellationToken) =>
        UpdateAsync(owner, walletId, "UPDATE watched_wallets SET fix_target_wad = @t", new { t = Wad(target) }, cancellationToken);

    /// <summary>Turns a wallet's alerts on or off; false when it was not the user's.</summary>
    public Task<bool> SetAlertsOnAsync(WalletOwner owner, long walletId, bool on, CancellationToken cancellationToken) =>
        UpdateAsync(owner, walletId, "UPDATE watched_wallets SET alerts_on = @on", new { on = on ? 1 : 0 }, cancellationToken);

    /// <summary>Holds the user's alerts until <paramref name="until"/> (a time in the past lifts the snooze).</summary>
    public async Task SnoozeAsync(WalletOwner owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var connection = database.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_users (transport, user_id, snoozed_until) VALUES (@Transport, @UserId, @until) ON CONFLICT (transport, user_id) DO UPDATE SET snoozed_until = excluded.snoozed_until",
            new { owner.Transport, owner.UserId, until = until.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Until when the user's alerts are held, or null when they are not (inside the caller's transaction, if any).</summary>
    public static DateTimeOffset? SnoozedUntil(SqliteConnection connection, SqliteTransaction? transaction, WalletOwner owner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var until = connection.QueryFirstOrDefault<long?>(
            "SELECT snoozed_until FROM alert_users WHERE transport = @Transport AND user_id = @UserId", new { owner.Transport, owner.UserId }, transaction);
        return until is { } ms && ms > now.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>A wallet's tier state (<see cref="TierState.Initial"/> before its first reading), inside the caller's transaction.</summary>
    public static TierState ReadTierState(SqliteConnection connection, SqliteTransaction? transaction, long walletId)
    {
        var row = connection.QueryFirstOrDefault<(long Latched, long? Since, long? Block, long Tier, long Clear)?>(
            "SELECT latched, latched_since, last_block, last_tier, last_clear_of FROM wallet_tier_state WHERE wallet_id = @walletId", new { walletId }, transaction);
        return row is { } r ? new TierState((HealthTier)r.Latched, r.Since, r.Block, (HealthTier)r.Tier, (HealthTier)r.Clear) : TierState.Initial;
    }

    /// <summary>Stores a wallet's tier state inside the caller's transaction (commit it with the alerts it causes).</summary>
    public static void WriteTierState(SqliteConnection connection, SqliteTransaction transaction, long walletId, TierState state, long nowMs) =>
        WriteTierStates(connection, transaction, [(walletId, state)], nowMs);

    /// <summary>
    /// Stores many wallets' tier states inside the caller's transaction through one prepared statement (the monitor writes
    /// every watched wallet's state each block; a statement parsed per row costs more than the writes).
    /// </summary>
    public static void WriteTierStates(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(long WalletId, TierState State)> states, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(states);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO wallet_tier_state (wallet_id, latched, latched_since, last_block, last_tier, last_clear_of, updated_at)
            VALUES ($id, $latched, $since, $block, $tier, $clear, $now)
            ON CONFLICT (wallet_id) DO UPDATE SET latched = excluded.latched, latched_since = excluded.latched_since, last_block = excluded.last_block,
                last_tier = excluded.last_tier, last_clear_of = excluded.last_clear_of, updated_at = excluded.updated_at
            """;
        var p = TierStateParameters.Select(name => command.Parameters.Add(name, SqliteType.Integer)).ToArray();
        command.Prepare();
        foreach (var (walletId, state) in states)
        {
            object?[] values = [walletId, (int)state.Latched, state.LatchedSince, state.LastBlock, (int)state.LastTier, (int)state.LastClearOf, nowMs];
            for (var i = 0; i < p.Length; i++)
            {
                p[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }

    private static List<WatchedWallet> List(SqliteConnection connection, SqliteTransaction? transaction, WalletOwner owner) =>
        connection.Query<Row>($"SELECT {Columns} FROM watched_wallets WHERE transport = @Transport AND user_id = @UserId ORDER BY id", owner, transaction)
            .Select(r => r.ToWallet()).ToList();

    private async Task<bool> UpdateAsync(WalletOwner owner, long walletId, string statement, object values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var parameters = new DynamicParameters(values);
        parameters.AddDynamicParams(new { walletId, owner.Transport, owner.UserId });
        await using var connection = database.Open();
        return await connection.ExecuteAsync(new CommandDefinition(
            $"{statement} WHERE id = @walletId AND transport = @Transport AND user_id = @UserId", parameters, cancellationToken: cancellationToken)) == 1;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Wad(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(
        long Id, string Transport, string UserId, string Address, string Label, long? LinkedAt, string WarningWad, string DangerWad, string RearmWad, string FixTargetWad, long AlertsOn, long CreatedAt)
    {
        public WatchedWallet ToWallet() => new(
            Id, new WalletOwner(Transport, UserId), Ethereum.Address.Parse(Address), Label, LinkedAt,
            new AlertThresholds(Parse(WarningWad), Parse(DangerWad), Parse(RearmWad)), Parse(FixTargetWad), AlertsOn != 0, CreatedAt);

        private static BigInteger Parse(string wad) => BigInteger.Parse(wad, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
