using System.Globalization;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Long polling (the default mode). The offset starts from the database; each update is confirmed to Telegram (a higher
/// offset) only after its effect committed, never before (Telegram.Bot#1321 drops updates that way). Updates of different
/// chats are handled concurrently, one chat's in order, each behind <see cref="TelegramUpdateProcessor.HandleAsync"/>'s fault
/// barrier. On shutdown the batch in hand is finished and the offset kept. The loop never spins: polls that fail, come back
/// empty or could not be settled are spaced by <see cref="MinPollInterval"/> or an exponential back-off, on the injected
/// <see cref="TimeProvider"/> (a server answering getUpdates at once drove an unspaced loop to ~3,000 calls/s).
/// </summary>
public sealed partial class TelegramPoller(
    ITelegramBotClient client, TelegramSetup setup, EventScopes scopes, UnitOfWork unitOfWork,
    IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramPoller> logger) : BackgroundService
{
    /// <summary>The shortest time between the starts of two getUpdates calls after one that brought nothing.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await setup.RunAsync(stoppingToken);
        var offset = await ReadOffsetAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            Update[] updates;
            try
            {
                updates = await client.SendRequest(Poll(offset, options.Value.PollTimeoutSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestException or OperationCanceledException)
            {
                var wait = ex is ApiRequestException { Parameters.RetryAfter: { } retry } ? TimeSpan.FromSeconds(retry) : Backoff(++failures);
                LogPollFailed(logger, ex.GetType().Name, (ex as ApiRequestException)?.ErrorCode ?? 0, wait.TotalSeconds);
                await DelayAsync(wait, stoppingToken);
                continue;
            }

            if (updates.Length == 0)
            {
                failures = 0;
                // A long poll returns empty after its timeout; one that returns empty at once must not be repeated at once.
                await DelayAsync(MinPollInterval - time.GetElapsedTime(started), stoppingToken);
                continue;
            }

            // Finish the batch even if shutdown starts now: its effects commit, then the offset moves past it.
            var settled = await Task.WhenAll(updates
                .GroupBy(u => u.Message?.Chat.Id ?? 0)
                .Select(chat => ProcessInOrderAsync(chat.OrderBy(u => u.Id).ToList())));
            if (settled.All(ok => ok))
            {
                failures = 0;
                offset = Math.Max(offset, updates.Max(u => (long)u.Id) + 1);
                await WriteOffsetAsync(offset);
                continue;
            }

            // Some update could not even be settled (the database failed): keep the offset, so Telegram re-sends it, and
            // back off; the ones that did commit are skipped by their dedupe keys.
            await DelayAsync(Backoff(++failures), stoppingToken);
        }

        await ConfirmAsync(offset);
    }

    /// <summary>getUpdates from <paramref name="offset"/> (Telegram's update ids fit an int), messages only.</summary>
    private static GetUpdatesRequest Poll(long offset, int timeoutSeconds) =>
        new() { Offset = checked((int)offset), Timeout = timeoutSeconds, AllowedUpdates = [UpdateType.Message] };

    private static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(30, 0.5 * (1 << Math.Min(failures, 6))));

    private async Task DelayAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Handles one chat's updates in order; false (and the rest of the chat's batch left for the re-send) when one could not be settled.</summary>
    private async Task<bool> ProcessInOrderAsync(List<Update> updates)
    {
        foreach (var update in updates)
        {
            try
            {
                // One DI scope per update: the edge of the transport.
                await scopes.RunAsync<TelegramUpdateProcessor, bool>(processor => processor.HandleAsync(update, CancellationToken.None));
            }
            catch (Exception ex)
            {
                LogUnsettled(logger, ex, update.Id);
                return false;
            }
        }

        return true;
    }

    private Task<long> ReadOffsetAsync(CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(
            tx => tx.GetState(TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey) is { } stored ? long.Parse(stored, CultureInfo.InvariantCulture) : 0,
            cancellationToken);

    /// <summary>Stores <paramref name="offset"/> unless a higher one is stored (not cancelled: the batch it confirms is done).</summary>
    private Task WriteOffsetAsync(long offset) =>
        unitOfWork.RunAsync(tx =>
        {
            var stored = tx.GetState(TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey);
            if (stored is null || long.Parse(stored, CultureInfo.InvariantCulture) < offset)
            {
                tx.SetState(TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey, offset.ToString(CultureInfo.InvariantCulture));
            }
        }, CancellationToken.None);

    /// <summary>Tells Telegram what is done, so a restart does not even fetch it again (dedupe would skip it anyway).</summary>
    private async Task ConfirmAsync(long offset)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            await client.SendRequest(Poll(offset, 0), timeout.Token);
        }
        catch (Exception ex) when (ex is RequestException or OperationCanceledException)
        {
            LogConfirmFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "getUpdates failed ({Error}, code {Code}); retrying in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string error, int code, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram update {UpdateId} could not be settled; it is fetched again after a pause")]
    private static partial void LogUnsettled(ILogger logger, Exception exception, long updateId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Final offset confirmation failed; the next start re-fetches and skips those updates")]
    private static partial void LogConfirmFailed(ILogger logger, Exception exception);
}
