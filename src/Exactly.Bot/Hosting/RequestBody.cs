namespace Exactly.Bot.Hosting;

/// <summary>
/// Reads webhook request bodies (Telegram updates, Discord interactions) up to a cap, so a hostile or broken sender cannot
/// make the bot buffer megabytes (ASP.NET Core's default would read 30 MB): over the cap the caller answers 413 and does
/// nothing else.
/// </summary>
public static class RequestBody
{
    /// <summary>The cap: 1 MiB, far above any real update or interaction (a few KiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The whole body, or null when it is (or announces itself as) larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
