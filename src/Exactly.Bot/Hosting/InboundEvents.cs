using Dapper;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Hosting;

/// <summary>
/// Dedupe keys of inbound events (Telegram <c>update_id</c>, Discord interaction id) and small per-transport state, always
/// written inside the caller's transaction so the key and its effect commit together (DESIGN.md #7).
/// </summary>
public static class InboundEvents
{
    /// <summary>Event states: <c>done</c> (effect committed) or <c>accepted</c> (acknowledged, effect still to do).</summary>
    public const string Done = "done";

    /// <summary>See <see cref="Done"/>.</summary>
    public const string Accepted = "accepted";

    /// <summary>The event's state, or null if never seen.</summary>
    public static string? Find(SqliteConnection connection, SqliteTransaction? transaction, string transport, string eventId) =>
        connection.QueryFirstOrDefault<string>(
            "SELECT state FROM inbound_events WHERE transport = @transport AND event_id = @eventId", new { transport, eventId }, transaction);

    /// <summary>
    /// Records the event (or moves it from <c>accepted</c> to <paramref name="state"/>); false when it already was in that
    /// state or is <c>done</c>. Done is final: an event that arrives again after its effect committed (a redelivery, before
    /// or after a restart) must never be accepted, and so run, a second time.
    /// </summary>
    public static bool Record(SqliteConnection connection, SqliteTransaction transaction, string transport, string eventId, string state, string? payload, long nowMs) =>
        connection.Execute(
            """
            INSERT INTO inbound_events (transport, event_id, state, payload, received_at) VALUES (@transport, @eventId, @state, @payload, @nowMs)
            ON CONFLICT (transport, event_id) DO UPDATE SET state = excluded.state WHERE state <> excluded.state AND state <> 'done'
            """,
            new { transport, eventId, state, payload, nowMs }, transaction) == 1;

    /// <summary>Events still in <paramref name="state"/>, oldest first, with their payloads.</summary>
    public static IReadOnlyList<(string EventId, string? Payload, long ReceivedAt)> InState(SqliteConnection connection, string transport, string state) =>
        connection.Query<(string, string?, long)>(
            "SELECT event_id, payload, received_at FROM inbound_events WHERE transport = @transport AND state = @state ORDER BY received_at",
            new { transport, state }).AsList();

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
