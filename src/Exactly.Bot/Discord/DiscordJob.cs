namespace Exactly.Bot.Discord;

/// <summary>An acknowledged (deferred) interaction whose reply is still to be produced; stored, so a restart resumes it.</summary>
/// <param name="InteractionId">Dedupe key.</param>
/// <param name="Token">Interaction token (15 minutes).</param>
/// <param name="UserId">Who asked.</param>
/// <param name="Text">The chat line.</param>
/// <param name="Ephemeral">Whether the deferred answer was ephemeral.</param>
public sealed record DiscordJob(string InteractionId, string Token, string UserId, string Text, bool Ephemeral);

/// <summary>Deferred jobs waiting for <see cref="DiscordInteractionWorker"/>: filled by the endpoint once its acknowledgement went out, and by resumption after a restart.</summary>
public sealed class DiscordDeferredJobs
{
    private readonly System.Threading.Channels.Channel<DiscordJob> jobs = System.Threading.Channels.Channel.CreateUnbounded<DiscordJob>();

    /// <summary>Jobs to answer, read by the worker.</summary>
    public System.Threading.Channels.ChannelReader<DiscordJob> Jobs => jobs.Reader;

    /// <summary>Queues a stored job.</summary>
    public void Schedule(DiscordJob job) => jobs.Writer.TryWrite(job);
}
