using System.Collections.Concurrent;

namespace Exactly.Bot.Signing;

/// <summary>
/// The last status payload of each mined session, per block: once a session is mined its payload reads the position and
/// simulates every follow-up step (8 RPC calls measured), and the page may poll it; the same block gives the same answer, so a
/// poll costs one <c>eth_blockNumber</c> until the chain moves. Bounded: cleared when it holds more than
/// <see cref="MaxEntries"/> sessions.
/// </summary>
public sealed class StatusCache
{
    /// <summary>Sessions kept before the cache starts over.</summary>
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, (string Key, StatusPayload Payload)> entries = new(StringComparer.Ordinal);

    /// <summary>The payload stored for <paramref name="id"/> under <paramref name="key"/> (status, outcome, block), or null.</summary>
    public StatusPayload? Find(string id, string key) =>
        entries.TryGetValue(id, out var entry) && string.Equals(entry.Key, key, StringComparison.Ordinal) ? entry.Payload : null;

    /// <summary>Stores <paramref name="payload"/> for <paramref name="id"/> under <paramref name="key"/>.</summary>
    public void Store(string id, string key, StatusPayload payload)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[id] = (key, payload);
    }
}
