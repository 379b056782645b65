using Dapper;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>
/// The monitor's progress, stored (table <c>monitor_state</c>, one row) so a restart neither repeats nor loses a notice.
/// </summary>
/// <param name="LastBlock">The last block evaluated, null before the first.</param>
/// <param name="LastBlockTime">That block's timestamp, Unix seconds.</param>
/// <param name="EvaluatedAt">When it was evaluated (the injected clock), Unix ms.</param>
/// <param name="PausedSince">When evaluation stopped working (Unix ms), set once subscribers were told; null while running.</param>
public sealed record MonitorState(long? LastBlock, long? LastBlockTime, long? EvaluatedAt, long? PausedSince)
{
    /// <summary>Before the first evaluation.</summary>
    public static MonitorState Initial { get; } = new(null, null, null, null);

    /// <summary>True once subscribers were told that monitoring is paused (and not yet that it resumed).</summary>
    public bool Paused => PausedSince is not null;

    /// <summary>The state, inside the caller's transaction if any.</summary>
    public static MonitorState Read(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var row = connection.QueryFirstOrDefault<(long? Block, long? BlockTime, long? EvaluatedAt, long? PausedSince, long Notified)?>(
            "SELECT last_block, last_block_time, evaluated_at, paused_since, paused_notified FROM monitor_state WHERE id = 1", transaction: transaction);
        return row is { } r ? new MonitorState(r.Block, r.BlockTime, r.EvaluatedAt, r.Notified == 1 ? r.PausedSince : null) : Initial;
    }

    /// <summary>Stores the state inside the caller's transaction (commit it with the notices it causes).</summary>
    public void Write(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute(
            """
            INSERT INTO monitor_state (id, last_block, last_block_time, evaluated_at, paused_since, paused_notified)
            VALUES (1, @LastBlock, @LastBlockTime, @EvaluatedAt, @PausedSince, @notified)
            ON CONFLICT (id) DO UPDATE SET last_block = excluded.last_block, last_block_time = excluded.last_block_time,
                evaluated_at = excluded.evaluated_at, paused_since = excluded.paused_since, paused_notified = excluded.paused_notified
            """,
            new { LastBlock, LastBlockTime, EvaluatedAt, PausedSince, notified = Paused ? 1 : 0 },
            transaction);
    }

    /// <summary>
    /// The last evaluated block and whether monitoring is paused, for <c>/alerts</c> ("last evaluated block N, 4 s ago").
    /// </summary>
    public static async Task<MonitorState> ReadAsync(Database database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = database.Open();
        cancellationToken.ThrowIfCancellationRequested();
        return Read(connection, null);
    }
}
