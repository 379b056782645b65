namespace Exactly.Bot.Protocol.Health;

/// <summary>How <see cref="BatchedLiquidityEngine"/> sizes its Multicall3 calls.</summary>
public sealed record HealthEngineOptions
{
    /// <summary>
    /// Gas one <c>aggregate3</c> <c>eth_call</c> may use (default 25M: under the 30M call cap of anvil and most providers).
    /// </summary>
    public long GasBudgetPerCall { get; init; } = 25_000_000;

    /// <summary>Head-room on the measured gas per account (default 1.25: positions grow between measurements).</summary>
    public double GasMargin { get; init; } = 1.25;

    /// <summary>Accounts in the sample <c>eth_estimateGas</c> measures (default 16).</summary>
    public int SampleSize { get; init; } = 16;

    /// <summary>Never more than this many accounts in one <c>aggregate3</c> (default 2,000).</summary>
    public int MaxAccountsPerCall { get; init; } = 2_000;

    /// <summary>
    /// Never more than this many accounts in one JSON-RPC request (default 2,000: one full call). The calls of a block go out
    /// as concurrent requests of at most this size: anvil refused a 2 MB batch of seven 1,500-account calls outright
    /// (-32600), which left 10,000 watched wallets unevaluable.
    /// </summary>
    public int MaxAccountsPerRequest { get; init; } = 2_000;
}
