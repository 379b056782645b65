namespace Exactly.Bot.Protocol.Tests;

/// <summary>Chain time, frozen at the block read: permits' deadlines follow the chain, not the wall clock.</summary>
internal sealed class ChainTime(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
