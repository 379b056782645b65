using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.Demo;

/// <summary>
/// The demo chain's clock: an empty block every <see cref="Interval"/> (Optimism's block time), as a real chain has. anvil
/// mines only when a transaction arrives, and the alerts monitor needs two readings at different blocks before it alerts: without
/// new blocks a price the demo moved would never be read twice. Only the demo program runs it (tests drive blocks themselves).
/// </summary>
public sealed partial class DemoBlocks(Devnet.Devnet devnet, TimeProvider time, ILogger<DemoBlocks> logger) : BackgroundService
{
    /// <summary>Two seconds, one Optimism block.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await devnet.MineAsync(1, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Ethereum.Rpc.RpcException or HttpRequestException && !stoppingToken.IsCancellationRequested)
            {
                // A missed block only delays the next reading; the demo goes on.
                LogMissed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo chain could not mine its periodic block")]
    private static partial void LogMissed(ILogger logger, Exception exception);
}
