using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Exactly.Bot.Telegram;

/// <summary>
/// <c>POST /telegram/webhook</c>: checks <c>X-Telegram-Bot-Api-Secret-Token</c> in constant time before reading the body
/// (401 and nothing else otherwise), reads at most <see cref="RequestBody.MaxBytes"/> (413 and nothing else beyond), then
/// processes the update exactly once behind the same fault barrier as polling. Only when even settling fails (the database)
/// does it answer 500, so Telegram re-sends.
/// </summary>
public static class TelegramWebhook
{
    /// <summary>The header Telegram echoes the secret in.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>The path.</summary>
    public const string Path = "/telegram/webhook";

    /// <summary>Maps the endpoint when Telegram is configured (<see cref="TelegramServiceCollectionExtensions.AddTelegram"/>).</summary>
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(TelegramUpdateProcessor)) == true)
        {
            endpoints.MapPost(Path, HandleAsync);
        }

        return endpoints;
    }

    /// <summary>True when <paramref name="presented"/> equals <paramref name="expected"/>; time does not depend on where they differ, nor on the length.</summary>
    public static bool SecretMatches(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        // Hash both first so neither the content nor the length of the secret leaks through timing.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, IOptions<TelegramOptions> options, TelegramUpdateProcessor processor)
    {
        var o = options.Value;
        if (!o.IsWebhook)
        {
            return Results.NotFound();
        }

        var headers = context.Request.Headers[SecretHeader];
        if (headers.Count != 1 || !SecretMatches(headers[0], o.SecretToken!))
        {
            return Results.Unauthorized();
        }

        var body = await RequestBody.ReadAsync(context.Request, RequestBody.MaxBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (update is null)
        {
            return Results.BadRequest();
        }

        // Telegram re-sends after ~60 s without an answer; the dedupe key makes that harmless, so finish even if it hangs up.
        // A failure in handling is settled behind the barrier (a sentence, 200): a 500 would only bring the same update back.
        await processor.HandleAsync(update, CancellationToken.None);
        return Results.Ok();
    }
}
