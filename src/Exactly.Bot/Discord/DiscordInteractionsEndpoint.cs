using System.Globalization;
using System.Text.Json;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>
/// <c>POST /discord/interactions</c>. The Ed25519 signature over timestamp + raw body is verified before any parsing;
/// a missing, malformed or wrong signature, or a timestamp outside the allowed skew (a replay), is a 401 with no side effect,
/// and a body over <see cref="RequestBody.MaxBytes"/> a 413. A command whose handling fails still gets an ephemeral sentence
/// (see <see cref="DiscordInteractionHandler.SettleFailedAsync"/>).
/// </summary>
public static class DiscordInteractionsEndpoint
{
    /// <summary>The path.</summary>
    public const string Path = "/discord/interactions";

    /// <summary>Maps the endpoint when Discord is configured.</summary>
    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(DiscordInteractionHandler)) == true)
        {
            endpoints.MapPost(Path, HandleAsync);
        }

        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, Ed25519Verifier verifier, DiscordInteractionHandler handler, DiscordDeferredJobs queue, IOptions<DiscordOptions> options, TimeProvider time)
    {
        var body = await RequestBody.ReadAsync(context.Request, RequestBody.MaxBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var timestamp = context.Request.Headers["X-Signature-Timestamp"];
        var signature = context.Request.Headers["X-Signature-Ed25519"];
        if (timestamp.Count != 1 || signature.Count != 1 || !verifier.Verify(signature[0], timestamp[0], body))
        {
            return Results.Unauthorized();
        }

        if (!long.TryParse(timestamp[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > options.Value.MaxClockSkew.TotalSeconds)
        {
            return Results.Unauthorized();
        }

        Interaction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordClient.Json);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (interaction is null)
        {
            return Results.BadRequest();
        }

        InteractionResponse? response;
        DiscordJob? deferred;
        try
        {
            (response, deferred) = await handler.RespondAsync(interaction, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The fault barrier: the interaction is settled with a sentence (Discord shows a failure after 3 s otherwise).
            (response, deferred) = (await handler.SettleFailedAsync(interaction, ex, CancellationToken.None), null);
        }

        if (deferred is not null)
        {
            // The job is stored already; start it once Discord has our acknowledgement, so the edit cannot overtake it.
            context.Response.OnCompleted(() =>
            {
                queue.Schedule(deferred);
                return Task.CompletedTask;
            });
        }

        return response is null ? Results.BadRequest() : Results.Json(response, DiscordClient.Json);
    }
}
