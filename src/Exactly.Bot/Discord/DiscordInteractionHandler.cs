using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>
/// Answers a verified interaction within Discord's 3 seconds: PING → PONG; an instant command (help) → the reply itself
/// (type 4); anything that reads the chain → deferred (type 5, ephemeral when personal) after storing the job, which
/// <see cref="DiscordInteractionWorker"/> answers by editing the original. The interaction id is the dedupe key.
/// Autocomplete (type 4) → choices (type 8); a component (type 3) or modal submit (type 5) → an ephemeral sentence, since
/// the bot sends neither (link buttons send no interaction): those have no side effect, so they need no dedupe.
/// Scoped: one per interaction (the endpoint's request) or per deferred job (the worker's <see cref="EventScopes"/>). The chat
/// bot is lazy: building it builds every command and its quoters, and a deferred acknowledgement, which needs none of them,
/// must leave within Discord's 3 seconds.
/// </summary>
public sealed partial class DiscordInteractionHandler(
    Lazy<ChatBot> bot, UnitOfWork unitOfWork, DiscordAutocomplete autocomplete, IOptions<DiscordOptions> options, ILogger<DiscordInteractionHandler> logger)
{
    /// <summary>The transport name.</summary>
    public const string Transport = "discord";

    /// <summary>The chat line's message for a job: later notices go to the user's DMs (<c>dm:{userId}</c>).</summary>
    public static ChatMessage ToMessage(DiscordJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new ChatMessage(Transport, "dm:" + job.UserId, job.UserId, job.Text, job.InteractionId);
    }

    /// <summary>
    /// The response to send back (null for an interaction type the bot does not handle: 400) and, for a deferred answer,
    /// the stored job to <see cref="DiscordDeferredJobs.Schedule"/> once the response has gone out (an edit must not overtake its acknowledgement).
    /// </summary>
    public async Task<(InteractionResponse? Response, DiscordJob? Deferred)> RespondAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        switch (interaction.Type)
        {
            case 1:
                return (new InteractionResponse(1, null), null);
            case 4:
                return (await autocomplete.RespondAsync(interaction.Data, cancellationToken), null);
            case 3 or 5:
                var what = interaction.Type == 3 ? "This button" : "This form";
                var body = DiscordRenderer.Render(Reply.Plain($"{what} is not one the bot handles (any more). Type /help to see the commands."), ephemeral: true)[0];
                return (new InteractionResponse(4, body), null);
        }

        if (interaction is not { Type: 2, Data: { Name: { } name } data, Token: { } token, UserId: { } userId })
        {
            return (null, null);
        }

        var job = new DiscordJob(interaction.Id, token, userId, DiscordCommandCatalog.ToText(data), DiscordCommandCatalog.IsPersonal(name));
        var followupPath = $"/webhooks/{options.Value.ApplicationId}/{token}";
        var inbound = new InboundEvent(Transport, job.InteractionId);
        if (DiscordCommandCatalog.IsInstant(name))
        {
            var reply = await bot.Value.HandleAsync(ToMessage(job), cancellationToken);
            var bodies = DiscordRenderer.Render(reply, job.Ephemeral || reply.Links.Count > 0);
            await unitOfWork.CommitEventAsync(inbound, InboundEventState.Done, null,
                tx => tx.Enqueue(Transport, bodies.Skip(1).Select(b => Row(job, DiscordOutboxPayload.Followup, followupPath, b)), job.InteractionId), cancellationToken);
            return (new InteractionResponse(4, bodies[0]), null);
        }

        var isNew = await unitOfWork.CommitEventAsync(inbound, InboundEventState.Accepted, JsonSerializer.Serialize(job), null, cancellationToken);
        return (new InteractionResponse(5, new { flags = job.Ephemeral ? (int?)DiscordRenderer.Ephemeral : null }), isNew ? job : null);
    }

    /// <summary>Produces the job's reply and commits it as outbox rows (edit of the original, then follow-ups) with the dedupe key.</summary>
    public async Task CompleteAsync(DiscordJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reply = await bot.Value.HandleAsync(ToMessage(job), cancellationToken);
        var bodies = DiscordRenderer.Render(reply, job.Ephemeral);
        var app = options.Value.ApplicationId;
        // The image (the link's QR code) rides on the last part, which is as private as the rest (ephemeral).
        var image = reply.Image is { } img ? new DiscordImage(img.FileName, img.ContentType, Convert.ToBase64String(img.Content.Span)) : null;
        var last = bodies.Count - 1;
        var rows = bodies.Select((b, i) =>
        {
            var withImage = i == last && image is not null ? b with { Attachments = [new AttachmentRef(0, image.FileName, reply.Image!.AltText)] } : b;
            return i == 0
                ? Row(job, DiscordOutboxPayload.Edit, $"/webhooks/{app}/{job.Token}/messages/@original", withImage with { Flags = null }, i == last ? image : null)
                : Row(job, DiscordOutboxPayload.Followup, $"/webhooks/{app}/{job.Token}", withImage, i == last ? image : null);
        });
        await unitOfWork.CommitEventAsync(
            new InboundEvent(Transport, job.InteractionId), InboundEventState.Done, null, tx => tx.Enqueue(Transport, rows, job.InteractionId), cancellationToken);
    }

    /// <summary>
    /// The fault barrier for an interaction whose handling threw (a bug): logs it, records it as done when it can, and
    /// answers an ephemeral sentence (autocomplete: no choices), so Discord does not show "the application did not respond"
    /// and a redelivery does nothing.
    /// </summary>
    public async Task<InteractionResponse> SettleFailedAsync(Interaction interaction, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        LogInteractionFailed(logger, exception, interaction.Id, interaction.Type);
        if (interaction.Type == 4)
        {
            return new InteractionResponse(8, new { choices = Array.Empty<object>() });
        }

        try
        {
            await unitOfWork.CommitEventAsync(new InboundEvent(Transport, interaction.Id), InboundEventState.Done, null, null, cancellationToken);
        }
        catch (SqliteException ex)
        {
            LogSettleFailed(logger, ex, interaction.Id);
        }

        return new InteractionResponse(4, DiscordRenderer.Render(Failure, ephemeral: true)[0]);
    }

    /// <summary>
    /// The fault barrier for a deferred job whose reply could not be produced: records it as done with the original
    /// response edited into a sentence, so it is not resumed (and failing again) at every start.
    /// </summary>
    public async Task FailAsync(DiscordJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var body = DiscordRenderer.Render(Failure, job.Ephemeral)[0] with { Flags = null };
        var row = Row(job, DiscordOutboxPayload.Edit, $"/webhooks/{options.Value.ApplicationId}/{job.Token}/messages/@original", body);
        await unitOfWork.CommitEventAsync(
            new InboundEvent(Transport, job.InteractionId), InboundEventState.Done, null, tx => tx.Enqueue(Transport, [row], job.InteractionId), cancellationToken);
    }

    private static Reply Failure => Reply.Error("Something went wrong on our side while handling that command, so nothing was done. Please try again.", "/help");

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling Discord interaction {Id} (type {Type}) failed; it is answered with a sentence")]
    private static partial void LogInteractionFailed(ILogger logger, Exception exception, string id, int type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord interaction {Id} could not be recorded as done")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string id);

    private static OutboxMessage Row(DiscordJob job, OutboxKind kind, string path, MessageBody body, DiscordImage? image = null) =>
        new("interaction:" + job.InteractionId, kind, OutboxPriority.Reply, JsonSerializer.Serialize(new DiscordOutboxPayload(path, null, body, image), DiscordClient.Json));
}
