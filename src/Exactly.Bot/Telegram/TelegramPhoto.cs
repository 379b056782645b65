using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace Exactly.Bot.Telegram;

/// <summary>A photo as stored in the outbox (JSON): the sendPhoto fields with the bytes in base64.</summary>
/// <param name="ChatId">Destination chat.</param>
/// <param name="Caption">Plain-text caption; Telegram allows at most <see cref="MaxCaption"/> characters.</param>
/// <param name="FileName">File name.</param>
/// <param name="ContentType">MIME type, e.g. <c>image/png</c>.</param>
/// <param name="Base64">The bytes (Telegram: photos up to 10 MB).</param>
/// <param name="Link">The URL the image encodes (the signing link), sent as text if the photo cannot be delivered; null for older rows.</param>
public sealed record TelegramPhotoPayload(long ChatId, string Caption, string FileName, string ContentType, string Base64, string? Link = null)
{
    /// <summary>Telegram's caption limit.</summary>
    public const int MaxCaption = 1024;

    /// <summary>The sendPhoto request (multipart: Telegram.Bot uploads the bytes as a file part).</summary>
    public SendPhotoRequest ToRequest() => new()
    {
        ChatId = ChatId,
        Photo = InputFile.FromStream(new MemoryStream(Convert.FromBase64String(Base64)), FileName),
        Caption = Caption is { Length: > MaxCaption } ? Caption[..(MaxCaption - 1)] + "…" : Caption is { Length: > 0 } ? Caption : null,
    };
}
