using System.Globalization;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>
/// Discord's REST limits, learnt from response headers: each route maps to a bucket (<c>X-RateLimit-Bucket</c>) per major
/// parameter with <c>Remaining</c> requests until <c>Reset-After</c>; plus the global limit (50/s) kept as a sliding window.
/// A request waits until both allow it; a 429 blocks its bucket, or everything when <c>X-RateLimit-Global</c> says so.
/// </summary>
public sealed class DiscordRateLimiter(IOptions<DiscordOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> bucketOfRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Limit, int Remaining, long ResetAt, bool Provisional)> buckets = new(StringComparer.Ordinal);
    private readonly Queue<long> globalSends = new();
    private readonly HashSet<string> probing = new(StringComparer.Ordinal);
    private long globalBlockedUntil;

    /// <summary>Waits until a request on <paramref name="route"/> (method + path) may go, and reserves it.</summary>
    public async Task WaitAsync(string route, bool countsGlobally, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryReserve(route, countsGlobally);
            if (wait <= 0)
            {
                return;
            }

            // Re-check at least every 100 ms: a response may have taught the bucket's real reset in the meantime.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait, 100)), time, cancellationToken);
        }
    }

    /// <summary>Ends a request on <paramref name="route"/> (whatever its outcome), letting the next probe of an unknown route go.</summary>
    public void Done(string route)
    {
        lock (gate)
        {
            probing.Remove(route);
        }
    }

    /// <summary>Learns the route's bucket and its state from a response's headers.</summary>
    public void Update(string route, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bucket = Header(response, "X-RateLimit-Bucket");
        var remaining = Header(response, "X-RateLimit-Remaining");
        var resetAfter = Header(response, "X-RateLimit-Reset-After");
        var limit = Header(response, "X-RateLimit-Limit");
        if (bucket is null || remaining is null || resetAfter is null || limit is null)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            bucketOfRoute[route] = bucket;
            var key = Key(route, bucket);
            var reset = now + (long)(double.Parse(resetAfter, CultureInfo.InvariantCulture) * 1000);
            var left = int.Parse(remaining, CultureInfo.InvariantCulture);
            // Concurrent requests answer out of order: within one window keep the lower count (a window we refilled
            // ourselves at its reset counts as the same window as the first response that describes it).
            if (buckets.TryGetValue(key, out var known) && known.ResetAt > now && (known.Provisional || Math.Abs(known.ResetAt - reset) < 1000))
            {
                left = Math.Min(left, known.Remaining);
            }

            buckets[key] = (int.Parse(limit, CultureInfo.InvariantCulture), left, reset, false);
        }
    }

    /// <summary>Honours a 429 for its scope.</summary>
    public void Penalize(string route, double retryAfterSeconds, bool global)
    {
        var until = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)(retryAfterSeconds * 1000);
        lock (gate)
        {
            if (global)
            {
                globalBlockedUntil = Math.Max(globalBlockedUntil, until);
            }
            else if (bucketOfRoute.TryGetValue(route, out var bucket))
            {
                var key = Key(route, bucket);
                buckets[key] = (buckets.TryGetValue(key, out var known) ? known.Limit : 1, 0, until, false);
            }
            else
            {
                buckets[Key(route, route)] = (1, 0, until, false);
                bucketOfRoute[route] = route;
            }
        }
    }

    private long TryReserve(string route, bool countsGlobally)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            if (globalBlockedUntil > now)
            {
                return globalBlockedUntil - now;
            }

            while (globalSends.Count > 0 && globalSends.Peek() <= now - 1050)
            {
                globalSends.Dequeue();
            }

            if (countsGlobally && globalSends.Count >= options.Value.GlobalPerSecond)
            {
                return Math.Max(1, globalSends.Peek() + 1050 - now);
            }

            if (!bucketOfRoute.ContainsKey(route))
            {
                // Unknown limit: one request at a time until a response names the bucket (no discovery burst of 429s).
                if (!probing.Add(route))
                {
                    return 20;
                }
            }

            string? key = null;
            if (bucketOfRoute.TryGetValue(route, out var bucket) && buckets.TryGetValue(key = Key(route, bucket), out var state))
            {
                if (state.ResetAt <= now)
                {
                    // The bucket reset: a full quota until the next response says otherwise.
                    state = (state.Limit, state.Limit, now + 60_000, true);
                }

                if (state.Remaining <= 0)
                {
                    return state.ResetAt - now + 20;
                }

                buckets[key] = (state.Limit, state.Remaining - 1, state.ResetAt, state.Provisional);
            }

            if (countsGlobally)
            {
                globalSends.Enqueue(now);
            }

            return 0;
        }
    }

    /// <summary>Bucket + major parameter (channel, guild, or webhook id and token): the unit Discord limits.</summary>
    private static string Key(string route, string bucket)
    {
        var path = route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var major = parts.Length >= 2 && parts[0] is "channels" or "guilds" ? $"{parts[0]}/{parts[1]}"
            : parts.Length >= 3 && parts[0] == "webhooks" ? $"webhooks/{parts[1]}/{parts[2]}"
            : string.Empty;
        return bucket + "|" + major;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
