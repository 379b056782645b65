using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Telegram's flood limits (Bot FAQ) as sliding windows, checked before every send: per chat one message per
/// <see cref="TelegramOptions.PerChatInterval"/>, per group <see cref="TelegramOptions.GroupPerMinute"/> a minute, all chats
/// <see cref="TelegramOptions.GlobalPerSecond"/> a second; every window is widened by the safety margin so jitter between
/// here and the server cannot make two sends land inside the server's window. A 429's <c>retry_after</c> blocks its scope.
/// </summary>
/// <remarks>
/// A 429 does not say which limit it was. It blocks the chat (and the group's quota); if two different chats get one within
/// a second, the global limit is the likelier cause and every chat waits.
/// </remarks>
public sealed class TelegramFloodControl(IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Queue<long> globalSends = new();
    private readonly Dictionary<long, long> lastChatSend = [];
    private readonly Dictionary<long, Queue<long>> groupSends = [];
    private readonly Dictionary<long, long> chatBlockedUntil = [];
    private long globalBlockedUntil;
    private long lastPenaltyAt = long.MinValue / 2;
    private long lastPenaltyChat;

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

            if (globalSends.Count >= o.GlobalPerSecond)
            {
                return TimeSpan.FromMilliseconds(Math.Max(1, globalSends.Peek() + globalWindow - now));
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

                if (group.Count >= o.GroupPerMinute)
                {
                    return TimeSpan.FromMilliseconds(Math.Max(1, group.Peek() + groupWindow - now));
                }
            }

            globalSends.Enqueue(now);
            group?.Enqueue(now);
            lastChatSend[chatId] = now;
            if (lastChatSend.Count > 10_000)
            {
                Prune(now - interval);
            }

            return TimeSpan.Zero;
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
            if (now - lastPenaltyAt < 1000 && lastPenaltyChat != chatId)
            {
                globalBlockedUntil = Math.Max(globalBlockedUntil, until);
            }

            lastPenaltyAt = now;
            lastPenaltyChat = chatId;
        }
    }

    private void Prune(long before)
    {
        foreach (var chat in lastChatSend.Where(p => p.Value < before).Select(p => p.Key).ToList())
        {
            lastChatSend.Remove(chat);
        }

        foreach (var chat in groupSends.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
        {
            groupSends.Remove(chat);
        }
    }
}
