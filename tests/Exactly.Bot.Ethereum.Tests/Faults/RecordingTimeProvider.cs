using System.Collections.Concurrent;

namespace Exactly.Bot.Ethereum.Tests.Faults;

/// <summary>The system clock, noting every timer's due time (how long Polly was asked to wait), without faking time.</summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Timers { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Timers.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
