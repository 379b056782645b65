using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Hosting;

/// <summary>
/// One open transaction of a <see cref="UnitOfWork"/>: the outbox, inbound events and transport state inside it, plus the
/// raw <see cref="Connection"/> and <see cref="Transaction"/> for a producer's own rows (e.g. alert tier state). Valid only
/// inside the delegate it is handed to.
/// </summary>
public sealed class UnitOfWorkTransaction
{
    internal UnitOfWorkTransaction(SqliteConnection connection, SqliteTransaction transaction, long nowMs)
    {
        Connection = connection;
        Transaction = transaction;
        NowMs = nowMs;
    }

    /// <summary>The open connection; pass <see cref="Transaction"/> with every command run on it.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction everything here commits (or rolls back) with.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>The unit's time in Unix milliseconds, from the injected <see cref="TimeProvider"/>, read once when it began.</summary>
    public long NowMs { get; }

    /// <summary>Whether rows were queued or requeued, so the workers must be woken after the commit.</summary>
    internal bool Queued { get; private set; }

    /// <summary>Queues <paramref name="messages"/> for <paramref name="transport"/>, caused by <paramref name="sourceEvent"/> (its id) if any; returns the row ids in order.</summary>
    public IReadOnlyList<long> Enqueue(string transport, IEnumerable<OutboxMessage> messages, string? sourceEvent = null)
    {
        var ids = OutboxStore.Enqueue(Connection, Transaction, transport, messages, sourceEvent, NowMs);
        Queued |= ids.Count > 0;
        return ids;
    }

    /// <summary>
    /// Re-queues the undeliverable rows of <paramref name="kind"/> that <paramref name="sourceEvent"/> caused for
    /// <paramref name="chatId"/> (e.g. a private message the user can now receive); returns how many.
    /// </summary>
    public int Requeue(string transport, string chatId, OutboxKind kind, string sourceEvent)
    {
        var count = OutboxStore.Requeue(Connection, Transaction, transport, chatId, kind, sourceEvent);
        Queued |= count > 0;
        return count;
    }

    /// <summary>The id of the first row of <paramref name="kind"/> that <paramref name="sourceEvent"/> caused, or null.</summary>
    public long? FindRow(string transport, string sourceEvent, OutboxKind kind) => OutboxStore.FindRow(Connection, Transaction, transport, sourceEvent, kind);

    /// <summary>The event's state, or null if it was never seen.</summary>
    public InboundEventState? FindEvent(InboundEvent inbound) => InboundEvents.Find(Connection, Transaction, inbound);

    /// <summary>
    /// Records the event as <paramref name="state"/> (or moves it from accepted to done); false when it already was in that
    /// state or is done. Done is final: a redelivered event must never run a second time.
    /// </summary>
    public bool RecordEvent(InboundEvent inbound, InboundEventState state, string? payload = null) =>
        InboundEvents.Record(Connection, Transaction, inbound, state, payload, NowMs);

    /// <summary>Events of <paramref name="transport"/> still in <paramref name="state"/>, oldest first, with their payloads and arrival (Unix ms).</summary>
    public IReadOnlyList<(string EventId, string? Payload, long ReceivedAt)> EventsIn(string transport, InboundEventState state) =>
        InboundEvents.InState(Connection, Transaction, transport, state);

    /// <summary>A transport's stored value (e.g. the Telegram offset), or null.</summary>
    public string? GetState(string transport, string key) => InboundEvents.GetState(Connection, Transaction, transport, key);

    /// <summary>Stores a transport's value.</summary>
    public void SetState(string transport, string key, string value) => InboundEvents.SetState(Connection, Transaction, transport, key, value);
}
