using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Hosting;

/// <summary>
/// The one way to write to the bot's database together with the outbox: an inbound event's dedupe key, its effects and the
/// outbox rows they cause commit in ONE SQLite transaction (DESIGN.md #7), or none of them do; after the commit the
/// delivery workers are woken. A producer without an inbound event (the alerts monitor) uses <see cref="RunAsync{T}(Func{UnitOfWorkTransaction, CancellationToken, Task{T}}, CancellationToken)"/>
/// the same way: its own rows on <see cref="UnitOfWorkTransaction.Connection"/>/<see cref="UnitOfWorkTransaction.Transaction"/>,
/// its messages through <see cref="UnitOfWorkTransaction.Enqueue"/>.
/// </summary>
public sealed class UnitOfWork(Database database, OutboxSignal signal, TimeProvider time)
{
    /// <summary>
    /// Runs <paramref name="work"/> in a new transaction and commits it; if <paramref name="work"/> throws, nothing it wrote
    /// is kept (the transaction rolls back) and the exception propagates. Wakes the delivery workers when rows were queued.
    /// </summary>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public async Task<T> RunAsync<T>(Func<UnitOfWorkTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var tx = new UnitOfWorkTransaction(connection, transaction, time.GetUtcNow().ToUnixTimeMilliseconds());
        var result = await work(tx, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (tx.Queued)
        {
            signal.Notify();
        }

        return result;
    }

    /// <summary>Synchronous <paramref name="work"/> (Dapper's synchronous calls on the open transaction); see the asynchronous overload.</summary>
    public Task<T> RunAsync<T>(Func<UnitOfWorkTransaction, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync((tx, _) => Task.FromResult(work(tx)), cancellationToken);
    }

    /// <summary>Synchronous <paramref name="work"/> without a result; see the asynchronous overload.</summary>
    public Task RunAsync(Action<UnitOfWorkTransaction> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(tx =>
        {
            work(tx);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="inbound"/> as <paramref name="state"/> and, only if that is news (the event was not already in
    /// that state nor done), runs <paramref name="effects"/> in the same transaction: the dedupe key and what the event
    /// caused commit together. False when the event had already been handled, so nothing was written.
    /// </summary>
    /// <param name="inbound">The event's dedupe key.</param>
    /// <param name="state"><see cref="InboundEventState.Done"/> once its effect is here; <see cref="InboundEventState.Accepted"/> to acknowledge it first.</param>
    /// <param name="payload">What is needed to finish an accepted event after a restart (JSON), or null.</param>
    /// <param name="effects">Rows the event causes (outbox messages, requeues); may be null for none.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    public Task<bool> CommitEventAsync(InboundEvent inbound, InboundEventState state, string? payload, Action<UnitOfWorkTransaction>? effects, CancellationToken cancellationToken) =>
        RunAsync(tx =>
        {
            if (!tx.RecordEvent(inbound, state, payload))
            {
                return false;
            }

            effects?.Invoke(tx);
            return true;
        }, cancellationToken);

    /// <summary>The event's state, or null if it was never seen.</summary>
    public Task<InboundEventState?> FindEventAsync(InboundEvent inbound, CancellationToken cancellationToken) =>
        RunAsync(tx => tx.FindEvent(inbound), cancellationToken);
}
