using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>Chain time, frozen at the block read: permits' deadlines follow the chain, not the wall clock.</summary>
internal static class ChainClock
{
    /// <summary>The one fake clock of the tests, frozen at <paramref name="unixSeconds"/>.</summary>
    public static FakeTimeProvider At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}
