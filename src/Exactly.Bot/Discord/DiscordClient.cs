using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>
/// A thin Discord REST client: one <see cref="SendAsync{T}"/> core that waits for the route's bucket and the global limit,
/// learns both from response headers, and on a 429 waits <c>retry_after</c> and tries again (three times). Its HttpClient
/// logs nothing: webhook URLs carry interaction tokens.
/// </summary>
public sealed class DiscordClient(HttpClient http, DiscordRateLimiter limiter, IOptions<DiscordOptions> options)
{
    /// <summary>snake_case JSON without nulls.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Sends one request.</summary>
    /// <exception cref="DiscordApiException">Discord answered an error (after 429 retries).</exception>
    /// <exception cref="HttpRequestException">Discord could not be reached.</exception>
    public async Task<T?> SendAsync<T>(DiscordRequest<T> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = $"{request.Method} {request.Path}";
        var o = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            await limiter.WaitAsync(route, request.UsesBotToken, cancellationToken);
            using var message = new HttpRequestMessage(request.Method, new Uri(o.BaseUrl.ToString().TrimEnd('/') + request.Path));
            if (request.UsesBotToken)
            {
                message.Headers.TryAddWithoutValidation("Authorization", "Bot " + o.BotToken);
            }

            if (request.File is { } file)
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(JsonSerializer.Serialize(request.Body, Json), System.Text.Encoding.UTF8, "application/json"), "payload_json" },
                };
                var part = new ReadOnlyMemoryContent(file.Content);
                part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
                form.Add(part, "files[0]", file.FileName);
                message.Content = form;
            }
            else if (request.Body is not null)
            {
                message.Content = JsonContent.Create(request.Body, request.Body.GetType(), options: Json);
            }

            HttpResponseMessage sent;
            try
            {
                sent = await http.SendAsync(message, cancellationToken);
                limiter.Update(route, sent);
            }
            finally
            {
                limiter.Done(route);
            }

            using var response = sent;
            if (response.IsSuccessStatusCode)
            {
                return response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(bool)
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var global = error.Global || response.Headers.TryGetValues("X-RateLimit-Global", out var g) && g.Contains("true", StringComparer.OrdinalIgnoreCase);
                limiter.Penalize(route, error.RetryAfter ?? 1, global);
                if (attempt < 3)
                {
                    continue;
                }
            }

            throw new DiscordApiException((int)response.StatusCode, error.Code ?? 0, error.Message ?? response.ReasonPhrase ?? "error", error.RetryAfter);
        }
    }

    private static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ErrorBody>(Json, cancellationToken) ?? new ErrorBody(null, null, null, false);
        }
        catch (JsonException)
        {
            return new ErrorBody(null, null, null, false);
        }
    }

    private sealed record ErrorBody(int? Code, string? Message, double? RetryAfter, bool Global);
}
