namespace Exactly.Bot.Hosting;

/// <summary>Wakes the outbox workers when rows are enqueued (otherwise they poll once a second).</summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes on the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Wakes every waiter.</summary>
    public void Notify() => Interlocked.Exchange(ref next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
