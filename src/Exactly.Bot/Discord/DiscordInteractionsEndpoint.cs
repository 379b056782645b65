using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>
/// <c>POST /discord/interactions</c>. The Ed25519 signature over timestamp + raw body is verified before any parsing;
/// a missing, malformed or wrong signature, or a timestamp outside the allowed skew (a replay), is a 401 with no side effect.
/// </summary>
public static class DiscordInteractionsEndpoint
{
    /// <summary>The path.</summary>
    public const string Path = "/discord/interactions";

    private const int MaxBody = 256 * 1024;

    /// <summary>Maps the endpoint when Discord is configured.</summary>
    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<DiscordInteractionHandler>() is not null)
        {
            endpoints.MapPost(Path, HandleAsync);
        }

        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, Ed25519Verifier verifier, DiscordInteractionHandler handler, IOptions<DiscordOptions> options, TimeProvider time)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var timestamp = context.Request.Headers["X-Signature-Timestamp"];
        var signature = context.Request.Headers["X-Signature-Ed25519"];
        if (body is null || timestamp.Count != 1 || signature.Count != 1 || !verifier.Verify(signature[0], timestamp[0], body))
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

        var (response, deferred) = await handler.RespondAsync(interaction, CancellationToken.None);
        if (deferred is not null)
        {
            // The job is stored already; start it once Discord has our acknowledgement, so the edit cannot overtake it.
            context.Response.OnCompleted(() =>
            {
                handler.Schedule(deferred);
                return Task.CompletedTask;
            });
        }

        return response is null ? Results.BadRequest() : Results.Json(response, DiscordClient.Json);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
