using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Telegram's flood limits (Bot FAQ) as sliding windows, checked before every send: per chat one message per
/// <see cref="TelegramOptions.PerChatInterval"/>, per group <see cref="TelegramOptions.GroupPerMinute"/> a minute, all chats
/// <see cref="TelegramOptions.GlobalPerSecond"/> a second; every window is widened by the safety margin so jitter between
/// here and the server cannot make two sends land inside the server's window. A send enters the windows when its response
/// comes back (the latest moment the server can have counted it) and holds a slot while in flight, so however long the
/// request takes (a new connection at start, a slow network), the server never sees two sends closer than a window.
/// A 429's <c>retry_after</c> blocks its scope.
/// </summary>
/// <remarks>
/// A 429 does not say which limit it was, and after one nothing may go to its scope before <c>retry_after</c> ends. Not
/// knowing the scope, we take the widest: the chat and every other chat wait. Our own windows make a 429 rare, so the
/// cost of pausing everything briefly is small; guessing "just this chat" and being wrong would break the rule.
/// </remarks>
public sealed class TelegramFloodControl(IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Queue<long> globalSends = new();
    private readonly Dictionary<long, long> lastChatSend = [];
    private readonly Dictionary<long, Queue<long>> groupSends = [];
    private readonly Dictionary<long, long> chatBlockedUntil = [];
    private readonly Dictionary<long, int> groupInFlight = [];
    private int globalInFlight;
    private long globalBlockedUntil;

    /// <summary>Reserves a send to <paramref name="chatId"/> now (returns zero) or says how long to wait.</summary>
    public TimeSpan TryReserve(long chatId, out bool globalBlocked)
    {
        var o = options.Value;
        var margin = (long)o.SafetyMargin.TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            globalBlocked = true;
            if (globalBlockedUntil > now)
            {
                return TimeSpan.FromMilliseconds(globalBlockedUntil - now);
            }

            var globalWindow = 1000 + margin;
            while (globalSends.Count > 0 && globalSends.Peek() <= now - globalWindow)
            {
                globalSends.Dequeue();
            }

            if (globalSends.Count + globalInFlight >= o.GlobalPerSecond)
            {
                return TimeSpan.FromMilliseconds(globalSends.Count == 0 ? 5 : Math.Max(1, globalSends.Peek() + globalWindow - now));
            }

            globalBlocked = false;
            if (chatBlockedUntil.TryGetValue(chatId, out var blocked) && blocked > now)
            {
                return TimeSpan.FromMilliseconds(blocked - now);
            }

            var interval = (long)o.PerChatInterval.TotalMilliseconds + margin;
            if (lastChatSend.TryGetValue(chatId, out var last) && last + interval > now)
            {
                return TimeSpan.FromMilliseconds(last + interval - now);
            }

            Queue<long>? group = null;
            if (chatId < 0)
            {
                var groupWindow = 60_000 + margin;
                group = groupSends.TryGetValue(chatId, out var g) ? g : groupSends[chatId] = new Queue<long>();
                while (group.Count > 0 && group.Peek() <= now - groupWindow)
                {
                    group.Dequeue();
                }

                var flying = groupInFlight.GetValueOrDefault(chatId);
                if (group.Count + flying >= o.GroupPerMinute)
                {
                    return TimeSpan.FromMilliseconds(group.Count == 0 ? 5 : Math.Max(1, group.Peek() + groupWindow - now));
                }

                groupInFlight[chatId] = flying + 1;
            }

            globalInFlight++;
            lastChatSend[chatId] = long.MaxValue / 2; // busy until Complete
            if (lastChatSend.Count > 10_000)
            {
                Prune(now - interval);
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>Ends a reserved send (whatever its outcome: a failed request may still have arrived): it enters the windows now.</summary>
    public void Complete(long chatId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            globalInFlight = Math.Max(0, globalInFlight - 1);
            globalSends.Enqueue(now);
            lastChatSend[chatId] = now;
            if (chatId < 0)
            {
                groupInFlight[chatId] = Math.Max(0, groupInFlight.GetValueOrDefault(chatId) - 1);
                (groupSends.TryGetValue(chatId, out var g) ? g : groupSends[chatId] = new Queue<long>()).Enqueue(now);
            }
        }
    }

    /// <summary>Replays earlier sends (Unix ms, oldest first) into the windows, e.g. the last minute's from the database.</summary>
    public void Seed(IEnumerable<(long ChatId, long AtMs)> sends)
    {
        ArgumentNullException.ThrowIfNull(sends);
        lock (gate)
        {
            foreach (var (chat, at) in sends)
            {
                globalSends.Enqueue(at);
                lastChatSend[chat] = Math.Max(at, lastChatSend.GetValueOrDefault(chat));
                if (chat < 0)
                {
                    (groupSends.TryGetValue(chat, out var g) ? g : groupSends[chat] = new Queue<long>()).Enqueue(at);
                }
            }
        }
    }

    /// <summary>Honours a 429: nothing goes to the scope before <paramref name="retryAfter"/> has passed.</summary>
    public void Penalize(long chatId, TimeSpan retryAfter)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)retryAfter.TotalMilliseconds;
        lock (gate)
        {
            chatBlockedUntil[chatId] = Math.Max(until, chatBlockedUntil.GetValueOrDefault(chatId));
            globalBlockedUntil = Math.Max(globalBlockedUntil, until);
        }
    }

    private void Prune(long before)
    {
        foreach (var chat in lastChatSend.Where(p => p.Value < before).Select(p => p.Key).ToList())
        {
            lastChatSend.Remove(chat);
        }

        foreach (var chat in groupSends.Where(p => p.Value.Count == 0 && groupInFlight.GetValueOrDefault(p.Key) == 0).Select(p => p.Key).ToList())
        {
            groupSends.Remove(chat);
        }
    }
}
