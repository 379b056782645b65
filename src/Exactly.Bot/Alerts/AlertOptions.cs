using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Alerts;

/// <summary>How the health-factor monitor runs (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alerts";

    /// <summary>False stops the monitor's loop (the store and commands still work). <c>Alerts__Enabled</c>, default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the head block is read; a new head is evaluated. Default 2 s (one Optimism block).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Alerts:PollInterval must be between 100 ms and 10 minutes, e.g. Alerts__PollInterval=00:00:02.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long no block may be evaluated (node down, head stuck) before every subscriber is told monitoring is paused.
    /// Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Alerts:PauseNoticeDelay must be between 10 seconds and 1 day, e.g. Alerts__PauseNoticeDelay=00:05:00.")]
    public TimeSpan PauseNoticeDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True (default): a head that does not move counts as a block that could not be evaluated (on a 2-second chain it means
    /// the node is stuck). A chain that only mines on demand (anvil's automine, the demo) sets false.
    /// </summary>
    public bool StalledHeadPauses { get; set; } = true;

    /// <summary>
    /// A price feed whose last update is older than this at the evaluated block gets a note in the wallet's alerts (the
    /// Auditor itself never checks staleness: HEALTH.md). Default 1 day (Chainlink's heartbeat on Optimism is ≤ 24 h).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Alerts:MaxPriceAge must be between 1 minute and 30 days, e.g. Alerts__MaxPriceAge=1.00:00:00.")]
    public TimeSpan MaxPriceAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The health engine: <c>log</c> (default) keeps account state from logs and computes <c>accountLiquidity</c> locally,
    /// one <c>eth_getLogs</c> and one <c>eth_call</c> per block whatever the number of wallets, verified on a sample each block
    /// against the chain; <c>batched</c> reads <c>accountLiquidity</c> of every wallet each block (requests grow with wallets).
    /// </summary>
    [RegularExpression("^(log|batched)$", ErrorMessage = "Alerts:Engine must be log or batched, e.g. Alerts__Engine=batched.")]
    public string Engine { get; set; } = "log";

    /// <summary>
    /// First block whose logs the log engine applies (at or before the Auditor's deployment). Empty: the Auditor's deployment
    /// block, found once with <c>eth_getCode</c> (a binary search, ~30 requests on Optimism; needs an archive node, else set it).
    /// Used only when no checkpoint is stored: a restart resumes from the stored one.
    /// </summary>
    [Range(0, long.MaxValue, ErrorMessage = "Alerts:LogStartBlock must be a block number, e.g. Alerts__LogStartBlock=105000000.")]
    public long? LogStartBlock { get; set; }

    /// <summary>How often the log engine's state is saved to SQLite while it follows the head (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Alerts:CheckpointInterval must be between 0 and 1 hour, e.g. Alerts__CheckpointInterval=00:01:00.")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// From this many watched addresses on, the log engine screens in double precision and computes exactly only the wallets
    /// near a tier line, touched, or about to be alerted (default 10,000; below, every reading is exact and cheap).
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = "Alerts:ScreenFrom must be 0 or more, e.g. Alerts__ScreenFrom=10000.")]
    public int ScreenFrom { get; set; } = 10_000;
}
