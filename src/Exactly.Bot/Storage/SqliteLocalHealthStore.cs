using Dapper;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Storage;

/// <summary>
/// Local health checkpoints in the bot's SQLite file: one row replaced in a transaction, so a crash leaves either the old
/// checkpoint or the new one (WAL, <c>synchronous=FULL</c>).
/// </summary>
/// <param name="database">The bot's database.</param>
/// <param name="time">Stamps <c>saved_at</c>.</param>
public sealed class SqliteLocalHealthStore(Database database, TimeProvider time) : ILocalHealthStore
{
    /// <inheritdoc />
    public async Task SaveAsync(LocalHealthCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = database.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO local_health (id, head, state, saved_at) VALUES (1, @Head, @State, @SavedAt) " +
            "ON CONFLICT (id) DO UPDATE SET head = excluded.head, state = excluded.state, saved_at = excluded.saved_at;",
            new { checkpoint.Head, checkpoint.State, SavedAt = time.GetUtcNow().ToUnixTimeSeconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM local_health WHERE id = 1;", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LocalHealthCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<(long Head, byte[] State)?>(new CommandDefinition(
            "SELECT head, state FROM local_health WHERE id = 1;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } r ? new LocalHealthCheckpoint(r.Head, r.State) : null;
    }
}
