using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Hosting;

/// <summary>
/// Delivers one transport's outbox rows: per chat one at a time and in order, replies before notices across chats, never
/// faster than the transport's flood control allows, retrying until delivered, the platform says never, or the row's
/// bounds (<see cref="OutboxOptions"/>: attempts and age) are spent; then it is dead-lettered and its chat goes on.
/// </summary>
/// <remarks>
/// The crash window. A row is marked <c>sending</c> (attempt recorded, committed) before its request leaves, and
/// <c>sent</c> after the platform answers. If the process dies in between, the platform may or may not have delivered it.
/// We choose at-least-once: an in-doubt row is sent again after the restart (counted and logged as in doubt), except a
/// Telegram progress placeholder, which is cosmetic and goes at most once (its answer then arrives as a new message). Where the
/// platform dedupes, that resend is harmless: Discord channel messages and DMs carry the row id as an enforced nonce
/// (the existing message comes back), edits (Telegram editMessageText, Discord PATCH @original) are idempotent. Telegram's
/// <c>sendMessage</c>/<c>sendPhoto</c> take no idempotency key, so there a kill inside the window can repeat a message; a
/// lost signing link or confirmation strands a user, a rare duplicate (the window is one HTTP round trip) is harmless.
/// The <em>effects</em> (outbox rows) are exactly once; only this window can repeat a delivery, and the crash test measures it.
/// On shutdown, in-flight sends finish and no new one starts.
/// </remarks>
public sealed partial class OutboxWorker(
    IOutboxDelivery delivery, OutboxStore store, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    /// <summary>Rows given up on (tagged with the transport); the same rows have status <c>dead</c> in the database.</summary>
    private static readonly Counter<long> DeadLettered = new Meter("Exactly.Bot.Outbox").CreateCounter<long>("outbox.dead_lettered", "rows");

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PrepareAsync(stoppingToken);
        var flight = new Flight();
        // Sends use their own token: shutdown stops new sends but lets started ones finish and be marked.
        using var sends = new CancellationTokenSource();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = signal.Next;
                IReadOnlyList<OutboxItem> heads;
                try
                {
                    heads = await store.HeadsAsync(delivery.Transport, 4000, stoppingToken);
                }
                catch (Microsoft.Data.Sqlite.SqliteException ex)
                {
                    LogFault(logger, ex, 0, delivery.Transport);
                    await Task.Delay(Idle, time, stoppingToken);
                    continue;
                }

                var next = Dispatch(heads, flight, sends.Token);
                var tasks = new List<Task>(flight.Sends.Values) { wake, Task.Delay(next, time, stoppingToken) };
                await Task.WhenAny(tasks);
                await flight.CollectAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(flight.Sends.Values);
    }

    /// <summary>Logs rows left in doubt by a crash, seeds the rate limits with recent sends, and warms the bookkeeping path.</summary>
    private async Task PrepareAsync(CancellationToken stoppingToken)
    {
        var inDoubt = await store.CountInDoubtAsync(delivery.Transport, stoppingToken);
        if (inDoubt > 0)
        {
            LogInDoubt(logger, inDoubt, delivery.Transport);
        }

        delivery.Seed(await store.RecentSendsAsync(delivery.Transport, store.NowMs() - 61_000, stoppingToken));
        // Compile the bookkeeping path before the first send: right after a start everything runs cold, and a slow first
        // "mark sent" widens the window in which a crash repeats a delivery (the crash test measured it).
        await store.MarkAttemptAsync(-1, stoppingToken);
        await store.MarkSentAsync(-1, null, stoppingToken);
    }

    /// <summary>Starts the sends <paramref name="heads"/> allow now; returns how long until the next one may be due.</summary>
    private TimeSpan Dispatch(IReadOnlyList<OutboxItem> heads, Flight flight, CancellationToken sendToken)
    {
        var next = Idle;
        // Slow start: right after a start every path is cold and requests are slow; many of them in flight at once
        // would widen the crash window (each in-flight row is one possible duplicate), so concurrency grows with
        // the sends that completed.
        var concurrency = Math.Min(delivery.MaxConcurrency, 1 + flight.Completed);
        foreach (var item in heads)
        {
            if (flight.Sends.Count >= concurrency)
            {
                break;
            }

            if (flight.Sends.ContainsKey(item.ChatId))
            {
                continue;
            }

            // Priority barrier: nothing less urgent leaves while something more urgent is still on the wire, so
            // concurrent connections cannot make a notice arrive before a reply dispatched just ahead of it.
            if (flight.Priorities.Count > 0 && item.Priority > flight.Priorities.Values.Min())
            {
                break;
            }

            var wait = delivery.TryReserve(item, out var globalBlocked);
            if (wait > TimeSpan.Zero)
            {
                next = wait < next ? wait : next;
                if (globalBlocked)
                {
                    break;
                }

                continue;
            }

            flight.Sends[item.ChatId] = SendAsync(item, sendToken);
            flight.Priorities[item.ChatId] = item.Priority;
        }

        return next;
    }

    private async Task SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            await store.MarkAttemptAsync(item.Id, cancellationToken);
            DeliveryOutcome outcome;
            try
            {
                outcome = await delivery.DeliverAsync(item, cancellationToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or Microsoft.Data.Sqlite.SqliteException))
            {
                // A row the delivery cannot even turn into a request (a bug, a corrupt payload) is a failed attempt like any
                // other, so its bounds end it instead of it blocking its chat forever.
                LogFault(logger, ex, item.Id, delivery.Transport);
                outcome = new DeliveryOutcome(DeliveryStatus.RetryLater, TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(item.Attempts + 1, 6)))), ex.GetType().Name);
            }

            await RecordAsync(item, outcome, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database fault: the row stays as it was and is picked up again.
            LogFault(logger, ex, item.Id, delivery.Transport);
            await Task.Delay(Idle, time, CancellationToken.None);
        }
        finally
        {
            // Wake the loop so the chat's next message is considered at once.
            signal.Notify();
        }
    }

    private async Task RecordAsync(OutboxItem item, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case DeliveryStatus.Sent:
                await store.MarkSentAsync(item.Id, outcome.Detail, cancellationToken);
                break;
            case DeliveryStatus.Undeliverable:
                LogUndeliverable(logger, item.Id, delivery.Transport, outcome.Detail);
                await store.MarkUndeliverableAsync(item.Id, outcome.Detail, cancellationToken);
                break;
            default:
                if (Exhausted(item, outcome))
                {
                    await DeadLetterAsync(item, outcome, cancellationToken);
                    break;
                }

                LogRetry(logger, item.Id, delivery.Transport, outcome.RetryAfter.TotalSeconds, outcome.Detail);
                await store.RetryLaterAsync(item.Id, outcome.RetryAfter, outcome.Detail, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// True when a failed row has spent its bounds: <see cref="OutboxOptions.MaxAttempts"/> attempts (this one included; a
    /// 429 is the platform pacing us, not the row failing, so it does not count) or <see cref="OutboxOptions.MaxAge"/>.
    /// </summary>
    private bool Exhausted(OutboxItem item, DeliveryOutcome outcome)
    {
        var o = options.Value;
        return (!outcome.RateLimited && item.Attempts + 1 >= o.MaxAttempts) || store.NowMs() - item.CreatedAt >= (long)o.MaxAge.TotalMilliseconds;
    }

    private async Task DeadLetterAsync(OutboxItem item, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        OutboxMessage? fallback;
        try
        {
            fallback = delivery.Degrade(item);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            fallback = null; // a corrupt row has nothing to degrade to
        }

        LogDeadLettered(logger, item.Id, delivery.Transport, item.Kind.ToDb(), item.Attempts + 1, outcome.Detail, fallback is not null);
        await store.DeadLetterAsync(item, $"dead after {item.Attempts + 1} attempts: {outcome.Detail}", fallback, cancellationToken);
        DeadLettered.Add(1, new KeyValuePair<string, object?>("transport", delivery.Transport));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({Transport}, {Kind}) is dead-lettered after {Attempts} attempts: {Detail}; sent as text instead: {Degraded}")]
    private static partial void LogDeadLettered(ILogger logger, long id, string transport, string kind, long attempts, string? detail, bool degraded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} {Transport} outbox rows were being sent when the last process stopped; sending them again (at-least-once)")]
    private static partial void LogInDoubt(ILogger logger, int count, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {Id} ({Transport}) is undeliverable: {Detail}")]
    private static partial void LogUndeliverable(ILogger logger, long id, string transport, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox row {Id} ({Transport}) retries in {Seconds} s: {Detail}")]
    private static partial void LogRetry(ILogger logger, long id, string transport, double seconds, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({Transport}) could not be processed")]
    private static partial void LogFault(ILogger logger, Exception exception, long id, string transport);

    /// <summary>The sends on the wire, one per chat, with their priorities, and how many have completed since the start.</summary>
    private sealed class Flight
    {
        public Dictionary<string, Task> Sends { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Priorities { get; } = new(StringComparer.Ordinal);

        public int Completed { get; private set; }

        /// <summary>Removes the finished sends (observing their exceptions).</summary>
        public async Task CollectAsync()
        {
            foreach (var (chat, task) in Sends.Where(p => p.Value.IsCompleted).ToList())
            {
                Completed++;
                Sends.Remove(chat);
                Priorities.Remove(chat);
                await task;
            }
        }
    }
}
