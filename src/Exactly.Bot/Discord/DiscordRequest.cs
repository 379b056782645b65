namespace Exactly.Bot.Discord;

/// <summary>A Discord REST call returning <typeparamref name="T"/> (Discord.Net's REST shape, one core).</summary>
/// <typeparam name="T">Result type (JSON body); <see cref="bool"/> for calls whose body is not needed.</typeparam>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path under the base URL, e.g. <c>/channels/1/messages</c>; webhook paths carry the interaction token.</param>
/// <param name="Body">JSON body, or null.</param>
public sealed record DiscordRequest<T>(HttpMethod Method, string Path, object? Body)
{
    /// <summary>A file sent as <c>files[0]</c> with the body as <c>payload_json</c> (multipart), or null for plain JSON.</summary>
    public DiscordFile? File { get; init; }

    /// <summary>Interaction webhooks authenticate by their token and do not count toward the global limit.</summary>
    public bool UsesBotToken => !Path.StartsWith("/webhooks/", StringComparison.Ordinal);
}

/// <summary>A file attached to a message.</summary>
/// <param name="FileName">Name, referenced by the body's <c>attachments[0].filename</c>.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Content">The bytes.</param>
public sealed record DiscordFile(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
