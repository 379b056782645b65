using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>
/// A thin Bot API client shaped like Telegram.Bot: one <see cref="SendAsync{T}"/> core, convenience calls on top. The token
/// is part of every URL, so this typed HttpClient is registered with its request logging removed and no message here
/// carries a URL.
/// </summary>
public sealed class TelegramClient(HttpClient http, IOptions<TelegramOptions> options)
{
    /// <summary>snake_case JSON without nulls, as the Bot API speaks it.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The core: calls one Bot API method and returns Telegram's answer as a value, <c>ok</c> or not (error code, description,
    /// <c>retry_after</c>). Delivery uses it directly so an expected refusal (429, 400) costs no exception: a 429 must pause
    /// sending at once, and the first exception thrown on a cold path took 120–750 ms here, long enough to send into a scope
    /// Telegram had just closed.
    /// </summary>
    /// <exception cref="HttpRequestException">The server could not be reached or answered something that is not the Bot API.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or the HTTP timeout elapsed.</exception>
    public async Task<TelegramResponse<T>> CallAsync<T>(TelegramRequest<T> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        var uri = new Uri($"{o.BaseUrl.ToString().TrimEnd('/')}/bot{o.Token}/{request.MethodName}");
        using HttpContent content = request is IMultipartRequest multipart ? multipart.ToContent() : JsonContent.Create(request, request.GetType(), options: Json);
        using var response = await http.PostAsync(uri, content, cancellationToken);
        TelegramResponse<T>? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<TelegramResponse<T>>(Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"Telegram {request.MethodName} answered HTTP {(int)response.StatusCode} with a body that is not Bot API JSON.", ex);
        }

        return body ?? new TelegramResponse<T>(false, default, (int)response.StatusCode, "no description", null);
    }

    /// <summary>Calls one Bot API method and returns its result (<see cref="CallAsync{T}"/>, with <c>ok: false</c> thrown).</summary>
    /// <exception cref="TelegramApiException">Telegram answered <c>ok: false</c> (429 carries <c>RetryAfter</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached or answered something that is not the Bot API.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or the HTTP timeout elapsed.</exception>
    public async Task<T> SendAsync<T>(TelegramRequest<T> request, CancellationToken cancellationToken)
    {
        var body = await CallAsync(request, cancellationToken);
        return body.Ok
            ? body.Result!
            : throw new TelegramApiException(body.ErrorCode ?? 0, body.Description ?? "no description", body.Parameters?.RetryAfter);
    }

    /// <summary>Sends a text message.</summary>
    public Task<Message> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) => SendAsync(request, cancellationToken);

    /// <summary>Shows "typing…" in a chat.</summary>
    public Task<bool> SendTypingAsync(long chatId, CancellationToken cancellationToken) => SendAsync(new SendChatActionRequest(chatId, "typing"), cancellationToken);
}
