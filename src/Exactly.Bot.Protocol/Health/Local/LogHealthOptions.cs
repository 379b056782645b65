namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>How <see cref="LogHealthEngine"/> verifies itself and paces its backfill.</summary>
public sealed record LogHealthOptions
{
    /// <summary>Accounts per block whose local result is compared with <c>accountLiquidity</c> (default 8; touched ones first).</summary>
    public int SampleSize { get; init; } = 8;

    /// <summary>Backfill pages read per evaluated block while catching up (default 8); meanwhile the fallback engine answers.</summary>
    public int BackfillPagesPerBlock { get; init; } = 8;
}
