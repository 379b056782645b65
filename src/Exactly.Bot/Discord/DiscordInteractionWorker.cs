using System.Text.Json;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>
/// Answers deferred interactions: resumes the ones a previous process acknowledged but never answered (while their token,
/// 15 minutes, still lives), then handles new ones as they come, several at a time. On shutdown, started jobs finish; the
/// rest stay stored and are resumed by the next process.
/// </summary>
public sealed partial class DiscordInteractionWorker(
    DiscordDeferredJobs queue, EventScopes scopes, UnitOfWork unitOfWork, ILogger<DiscordInteractionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(14);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeAsync(stoppingToken);
        var running = new List<Task>();
        using var slots = new SemaphoreSlim(8);
        try
        {
            await foreach (var job in queue.Jobs.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(job, slots));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    /// <summary>Schedules the jobs a previous process accepted; settles as done (in the same transaction) those whose token expired or whose payload is unreadable.</summary>
    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var resumable = await unitOfWork.RunAsync(tx =>
        {
            var jobs = new List<DiscordJob>();
            foreach (var (id, payload, receivedAt) in tx.EventsIn(DiscordInteractionHandler.Transport, InboundEventState.Accepted))
            {
                if (Job(payload) is { } job && tx.NowMs - receivedAt <= TokenLifetime.TotalMilliseconds)
                {
                    jobs.Add(job);
                    continue;
                }

                tx.RecordEvent(new InboundEvent(DiscordInteractionHandler.Transport, id), InboundEventState.Done);
                LogExpired(logger, id);
            }

            return jobs;
        }, cancellationToken);
        foreach (var job in resumable)
        {
            queue.Schedule(job);
        }
    }

    /// <summary>A stored job, or null when its payload is missing or unreadable (settled as expired rather than stopping the worker).</summary>
    private static DiscordJob? Job(string? payload)
    {
        try
        {
            return payload is null ? null : JsonSerializer.Deserialize<DiscordJob>(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task RunAsync(DiscordJob job, SemaphoreSlim slots)
    {
        try
        {
            // Not the stopping token: a started reply is finished and committed even during shutdown.
            // One DI scope per job: the edge of the transport.
            await scopes.RunAsync<DiscordInteractionHandler, bool>(async handler =>
            {
                await handler.CompleteAsync(job, CancellationToken.None);
                return true;
            });
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, job.InteractionId);
            await SettleAsync(job);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>The fault barrier: a job that failed is answered with a sentence and done, not retried at every start.</summary>
    private async Task SettleAsync(DiscordJob job)
    {
        try
        {
            await scopes.RunAsync<DiscordInteractionHandler, bool>(async handler =>
            {
                await handler.FailAsync(job, CancellationToken.None);
                return true;
            });
        }
        catch (Exception ex)
        {
            // Even settling failed (the database): it stays 'accepted' and the next start resumes it.
            LogUnsettled(logger, ex, job.InteractionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Interaction {Id} could not be settled either; it is resumed at the next start")]
    private static partial void LogUnsettled(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {Id} was acknowledged but its token expired before it could be answered")]
    private static partial void LogExpired(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interaction {Id} could not be answered; it is settled with a sentence")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id);
}
