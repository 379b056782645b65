namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>
/// JSON-RPC endpoints and fault handling, bound from the <c>Ethereum:Rpc</c> configuration section
/// (e.g. <c>Ethereum__Rpc__Urls__0=https://mainnet.optimism.io</c>). Validated at start by <see cref="EthereumRpcOptionsValidator"/>.
/// </summary>
public sealed class EthereumRpcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ethereum:Rpc";

    /// <summary>Node URLs (http/https), in order of preference; a failing one is skipped for the next.</summary>
    public IList<string> Urls { get; } = [];

    /// <summary>Longest wait for one attempt at one URL before moving on (default 10 s; 0.1 s … 5 min).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call across all URLs, the first included (default 4; 1 … 20).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off delay before retrying the same URL; doubles each round, with jitter (default 150 ms, as viem).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Longest <c>Retry-After</c> honoured; a longer one is capped to this (default 10 s).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Budget for a whole call, every attempt and delay included (default 60 s); then <see cref="RpcTimeoutException"/>.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
