using Dapper;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Hosting;

/// <summary>
/// The outbox table: every message a transport must deliver, written in the same transaction as the inbound event that
/// caused it, then delivered by <see cref="OutboxWorker"/>. An attempt is recorded (<c>sending</c>) before the request
/// leaves, so after a crash the rows whose outcome is unknown are known (see <see cref="OutboxWorker"/> for the policy).
/// </summary>
public sealed class OutboxStore(Database database, OutboxSignal signal, TimeProvider time)
{
    private const string Columns = "id AS Id, transport AS Transport, chat_id AS ChatId, kind AS Kind, priority AS Priority, payload AS Payload, attempts AS Attempts, status AS Status, source_event AS SourceEvent, created_at AS CreatedAt";

    private static readonly string OpenStatuses = $"'{OutboxStatus.Pending.ToDb()}', '{OutboxStatus.Sending.ToDb()}'";

    /// <summary>
    /// Inserts rows inside the caller's transaction and returns their ids; call <see cref="Notify"/> after the commit.
    /// <see cref="UnitOfWork"/> does both (prefer it); this stays for code that already holds a connection and transaction.
    /// </summary>
    public static IReadOnlyList<long> Enqueue(SqliteConnection connection, SqliteTransaction transaction, string transport, IEnumerable<OutboxMessage> messages, string? sourceEvent, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<long>();
        foreach (var m in messages)
        {
            ids.Add(connection.ExecuteScalar<long>(
                "INSERT INTO outbox (transport, chat_id, kind, priority, payload, source_event, created_at) VALUES (@transport, @ChatId, @Kind, @Priority, @Payload, @sourceEvent, @nowMs); SELECT last_insert_rowid();",
                new { transport, m.ChatId, Kind = m.Kind.ToDb(), m.Priority, m.Payload, sourceEvent, nowMs }, transaction));
        }

        return ids;
    }

    /// <summary>The id of the row of <paramref name="kind"/> that <paramref name="sourceEvent"/> caused, or null (inside the caller's transaction).</summary>
    internal static long? FindRow(SqliteConnection connection, SqliteTransaction? transaction, string transport, string sourceEvent, OutboxKind kind) =>
        connection.QueryFirstOrDefault<long?>(
            "SELECT id FROM outbox WHERE transport = @transport AND source_event = @sourceEvent AND kind = @kind ORDER BY id LIMIT 1",
            new { transport, sourceEvent, kind = kind.ToDb() }, transaction);

    /// <summary>A row's status and the platform's answer to its last attempt (a message id once sent), or null if there is no such row.</summary>
    public async Task<(OutboxStatus Status, string? Result)?> OutcomeAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var row = await connection.QueryFirstOrDefaultAsync<OutcomeRow>(new CommandDefinition(
            "SELECT status AS Status, result AS Result FROM outbox WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? null : (OutboxStatusNames.Parse(row.Status), row.Result);
    }

    /// <summary>Wakes the workers.</summary>
    public void Notify() => signal.Notify();

    /// <summary>Current time in Unix milliseconds.</summary>
    public long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The head of each chat's queue (lowest priority value, then oldest) that is due, in (priority, id) order: a chat's
    /// messages go one at a time and in order, and replies overtake notices across chats.
    /// </summary>
    public async Task<IReadOnlyList<OutboxItem>> HeadsAsync(string transport, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY priority, id) AS rn
                FROM outbox WHERE transport = @transport AND status IN ({OpenStatuses}))
            WHERE rn = 1 AND not_before <= @now ORDER BY priority, id LIMIT @limit
            """,
            new { transport, now = NowMs(), limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToItem()).ToList();
    }

    /// <summary>Rows whose last attempt started but never finished (the process died in between).</summary>
    public async Task<int> CountInDoubtAsync(string transport, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox WHERE transport = @transport AND status = @sending", new { transport, sending = OutboxStatus.Sending.ToDb() }, cancellationToken: cancellationToken));
    }

    /// <summary>Sends and started attempts since <paramref name="sinceMs"/> (Unix ms), oldest first.</summary>
    public async Task<IReadOnlyList<(string ChatId, long AtMs)>> RecentSendsAsync(string transport, long sinceMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            // An attempt whose outcome is unknown may have reached the server just now: count it as now.
            "SELECT chat_id, CASE status WHEN @sending THEN @now ELSE sent_at END AS at FROM outbox WHERE transport = @transport AND sent_at >= @sinceMs ORDER BY at",
            new { transport, sinceMs, now = NowMs(), sending = OutboxStatus.Sending.ToDb() }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Records that an attempt starts now (its time kept in <c>sent_at</c> until it is marked sent) (before the request is sent).</summary>
    public Task MarkAttemptAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET status = @status, attempts = attempts + 1, sent_at = @now WHERE id = @id", new { id, now = NowMs(), status = OutboxStatus.Sending.ToDb() }, cancellationToken);

    /// <summary>Records a delivery.</summary>
    public Task MarkSentAsync(long id, string? result, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET status = @status, sent_at = @now, result = @result WHERE id = @id", new { id, now = NowMs(), result, status = OutboxStatus.Sent.ToDb() }, cancellationToken);

    /// <summary>Gives up on a row for good (the platform said it can never be delivered).</summary>
    public Task MarkUndeliverableAsync(long id, string? result, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET status = @status, result = @result WHERE id = @id", new { id, result, status = OutboxStatus.Undeliverable.ToDb() }, cancellationToken);

    /// <summary>
    /// Gives up on a row that kept failing (status <c>dead</c>, so its chat's queue moves on) and, in the same transaction,
    /// queues <paramref name="fallback"/> in its place (an image's link as text), caused by the same event.
    /// </summary>
    public async Task DeadLetterAsync(OutboxItem item, string? result, OutboxMessage? fallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET status = @status, result = @result WHERE id = @Id", new { item.Id, result, status = OutboxStatus.Dead.ToDb() }, transaction, cancellationToken: cancellationToken));
        if (fallback is not null)
        {
            Enqueue(connection, transaction, item.Transport, [fallback], item.SourceEvent, NowMs());
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Puts a row back in its queue, not before <paramref name="delay"/> from now.</summary>
    public Task RetryLaterAsync(long id, TimeSpan delay, string? result, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET status = @status, not_before = @notBefore, result = @result WHERE id = @id",
            new { id, notBefore = NowMs() + (long)delay.TotalMilliseconds, result, status = OutboxStatus.Pending.ToDb() }, cancellationToken);

    /// <summary>
    /// Re-queues undeliverable rows of <paramref name="kind"/> caused by <paramref name="sourceEvent"/> for
    /// <paramref name="chatId"/> (e.g. a private message the user can now receive), inside the caller's transaction.
    /// Returns how many; call <see cref="Notify"/> after the commit.
    /// </summary>
    internal static int Requeue(SqliteConnection connection, SqliteTransaction transaction, string transport, string chatId, OutboxKind kind, string sourceEvent) =>
        connection.Execute(
            """
            UPDATE outbox SET status = @pending, not_before = 0
            WHERE transport = @transport AND chat_id = @chatId AND kind = @kind AND source_event = @sourceEvent AND status = @undeliverable
            """,
            new { transport, chatId, kind = kind.ToDb(), sourceEvent, pending = OutboxStatus.Pending.ToDb(), undeliverable = OutboxStatus.Undeliverable.ToDb() }, transaction);

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        // Delivery bookkeeping skips the fsync: WAL with synchronous=NORMAL survives a process crash and loses at most
        // the last marks on power loss, which only re-sends (the at-least-once contract). The shorter the write, the
        // narrower the sent-but-not-marked window that can repeat a delivery after a kill.
        await connection.ExecuteAsync("PRAGMA synchronous=NORMAL;");
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private sealed record OutcomeRow(string Status, string? Result);

    /// <summary>A row as stored (kind and status as their words), read by Dapper and turned into an <see cref="OutboxItem"/>.</summary>
    private sealed record ItemRow(long Id, string Transport, string ChatId, string Kind, long Priority, string Payload, long Attempts, string Status, string? SourceEvent, long CreatedAt)
    {
        public OutboxItem ToItem() => new(Id, Transport, ChatId, OutboxKindNames.Parse(Kind), Priority, Payload, Attempts, OutboxStatusNames.Parse(Status), SourceEvent, CreatedAt);
    }
}
