using System.Text.Json;

namespace Exactly.Bot.Signing;

/// <summary>
/// Reads a signing-page API request body with a cap: the page's requests are a few hundred bytes (a few KB with signatures), so
/// anything over <see cref="MaxBytes"/> is refused with 413 before a byte of it is parsed or any session is touched (Kestrel's
/// default would read 30 MB). A body that is not the expected JSON is a 400 sentence.
/// </summary>
public static class PageBody
{
    /// <summary>The largest body accepted: 64 KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or the refusal to answer with.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (request.ContentLength > MaxBytes)
        {
            return (default, TooLarge());
        }

        // Chunked or lying about its length: read at most one byte more than allowed.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (default, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonSerializerOptions.Web);
            return body is null ? (default, Invalid()) : (body, null);
        }
        catch (JsonException)
        {
            return (default, Invalid());
        }
    }

    private static IResult TooLarge() =>
        PageAnswers.Refuse(StatusCodes.Status413PayloadTooLarge, $"The request is larger than the {MaxBytes / 1024} KiB this page ever sends; nothing was done.");

    private static IResult Invalid() =>
        PageAnswers.Refuse(StatusCodes.Status400BadRequest, "The request is not the JSON this page sends; nothing was done.");
}
