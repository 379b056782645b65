using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Signing;

/// <summary>Settings of the signing page (section <c>Signing</c>).</summary>
public sealed class SigningOptions
{
    /// <summary>The public HTTPS base URL the page is reached at, e.g. <c>https://bot.example.com</c> (<c>Signing__PublicBaseUrl</c>).
    /// Empty in the demo: the page's own loopback address is used.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a signing link stays valid. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00", ErrorMessage = "Signing:SessionLifetime must be between 1 and 30 minutes.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Block explorer prefix for transaction links (<c>{prefix}{hash}</c>). Default Optimism's Etherscan.</summary>
    public Uri ExplorerTxUrl { get; set; } = new("https://optimistic.etherscan.io/tx/");

    /// <summary>How often the receipt watcher polls submitted transactions. Default 1 s.</summary>
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after submission a transaction the node does not know (dropped from the mempool) ends its session as failed.
    /// Default 10 minutes (<c>Signing__DroppedAfter</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Signing:DroppedAfter must be between 1 minute and 1 day.")]
    public TimeSpan DroppedAfter { get; set; } = TimeSpan.FromMinutes(10);
}
