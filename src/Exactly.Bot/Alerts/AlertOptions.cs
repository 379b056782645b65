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
}
