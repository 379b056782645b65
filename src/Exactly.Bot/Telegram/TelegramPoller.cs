using System.Globalization;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Long polling (the default mode). The offset starts from the database; each update is confirmed to Telegram (a higher
/// offset) only after its effect committed, never before (Telegram.Bot#1321 drops updates that way). Updates of different
/// chats are handled concurrently, one chat's in order. On shutdown the batch in hand is finished and the offset kept.
/// </summary>
public sealed partial class TelegramPoller(
    TelegramClient client, TelegramSetup setup, TelegramUpdateProcessor processor, OutboxStore outbox,
    IOptions<TelegramOptions> options, ILogger<TelegramPoller> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await setup.RunAsync(stoppingToken);
        var offset = ReadOffset();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<Update> updates;
            try
            {
                updates = await client.SendAsync(new GetUpdatesRequest(offset, options.Value.PollTimeoutSeconds), stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is TelegramApiException or HttpRequestException or OperationCanceledException)
            {
                failures++;
                var wait = ex is TelegramApiException { RetryAfter: { } retry } ? TimeSpan.FromSeconds(retry) : TimeSpan.FromSeconds(Math.Min(30, 0.5 * (1 << Math.Min(failures, 6))));
                var code = (ex as TelegramApiException)?.ErrorCode ?? 0;
                LogPollFailed(logger, ex.GetType().Name, code, wait.TotalSeconds);
                await Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            if (updates.Count == 0)
            {
                continue;
            }

            // Finish the batch even if shutdown starts now: its effects commit, then the offset moves past it.
            await Task.WhenAll(updates
                .GroupBy(u => u.Message?.Chat.Id ?? 0)
                .Select(chat => ProcessInOrderAsync(chat.OrderBy(u => u.UpdateId).ToList())));
            offset = Math.Max(offset, updates.Max(u => u.UpdateId) + 1);
            WriteOffset(offset);
        }

        await ConfirmAsync(offset);
    }

    private async Task ProcessInOrderAsync(List<Update> updates)
    {
        foreach (var update in updates)
        {
            await processor.ProcessAsync(update, CancellationToken.None);
        }
    }

    private long ReadOffset()
    {
        using var connection = outbox.Database.Open();
        var stored = InboundEvents.GetState(connection, null, TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey);
        return stored is null ? 0 : long.Parse(stored, CultureInfo.InvariantCulture);
    }

    private void WriteOffset(long offset)
    {
        using var connection = outbox.Database.Open();
        using var transaction = connection.BeginTransaction();
        var stored = InboundEvents.GetState(connection, transaction, TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey);
        if (stored is null || long.Parse(stored, CultureInfo.InvariantCulture) < offset)
        {
            InboundEvents.SetState(connection, transaction, TelegramUpdateProcessor.Transport, TelegramUpdateProcessor.OffsetKey, offset.ToString(CultureInfo.InvariantCulture));
        }

        transaction.Commit();
    }

    /// <summary>Tells Telegram what is done, so a restart does not even fetch it again (dedupe would skip it anyway).</summary>
    private async Task ConfirmAsync(long offset)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.SendAsync(new GetUpdatesRequest(offset, 0), timeout.Token);
        }
        catch (Exception ex) when (ex is TelegramApiException or HttpRequestException or OperationCanceledException)
        {
            LogConfirmFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "getUpdates failed ({Error}, code {Code}); retrying in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string error, int code, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Final offset confirmation failed; the next start re-fetches and skips those updates")]
    private static partial void LogConfirmFailed(ILogger logger, Exception exception);
}
