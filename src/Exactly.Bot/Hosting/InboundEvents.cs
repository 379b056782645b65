using Dapper;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Hosting;

/// <summary>
/// The SQL of inbound events' dedupe keys and small per-transport state, always run inside the caller's transaction so the
/// key and its effect commit together (DESIGN.md #7). Transports reach it through <see cref="UnitOfWorkTransaction"/>.
/// </summary>
internal static class InboundEvents
{
    /// <summary>The event's state, or null if never seen.</summary>
    public static InboundEventState? Find(SqliteConnection connection, SqliteTransaction? transaction, InboundEvent inbound) =>
        connection.QueryFirstOrDefault<string>(
            "SELECT state FROM inbound_events WHERE transport = @Transport AND event_id = @EventId", new { inbound.Transport, inbound.EventId }, transaction)
            is { } stored ? InboundEventStateNames.Parse(stored) : null;

    /// <summary>
    /// Records the event (or moves it from <c>accepted</c> to <paramref name="state"/>); false when it already was in that
    /// state or is <c>done</c>. Done is final: an event that arrives again after its effect committed (a redelivery, before
    /// or after a restart) must never be accepted, and so run, a second time.
    /// </summary>
    public static bool Record(SqliteConnection connection, SqliteTransaction transaction, InboundEvent inbound, InboundEventState state, string? payload, long nowMs) =>
        connection.Execute(
            """
            INSERT INTO inbound_events (transport, event_id, state, payload, received_at) VALUES (@Transport, @EventId, @state, @payload, @nowMs)
            ON CONFLICT (transport, event_id) DO UPDATE SET state = excluded.state WHERE state <> excluded.state AND state <> @done
            """,
            new { inbound.Transport, inbound.EventId, state = state.ToDb(), payload, nowMs, done = InboundEventState.Done.ToDb() }, transaction) == 1;

    /// <summary>Events of <paramref name="transport"/> still in <paramref name="state"/>, oldest first, with their payloads.</summary>
    public static IReadOnlyList<(string EventId, string? Payload, long ReceivedAt)> InState(SqliteConnection connection, SqliteTransaction? transaction, string transport, InboundEventState state) =>
        connection.Query<(string, string?, long)>(
            "SELECT event_id, payload, received_at FROM inbound_events WHERE transport = @transport AND state = @state ORDER BY received_at",
            new { transport, state = state.ToDb() }, transaction).AsList();

    /// <summary>A transport's stored value (e.g. the Telegram offset), or null.</summary>
    public static string? GetState(SqliteConnection connection, SqliteTransaction? transaction, string transport, string key) =>
        connection.QueryFirstOrDefault<string>(
            "SELECT value FROM transport_state WHERE transport = @transport AND key = @key", new { transport, key }, transaction);

    /// <summary>Stores a transport's value.</summary>
    public static void SetState(SqliteConnection connection, SqliteTransaction? transaction, string transport, string key, string value) =>
        connection.Execute(
            "INSERT INTO transport_state (transport, key, value) VALUES (@transport, @key, @value) ON CONFLICT (transport, key) DO UPDATE SET value = excluded.value",
            new { transport, key, value }, transaction);
}
