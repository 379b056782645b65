using System.Globalization;
using System.Net.Http.Headers;

namespace Exactly.Bot.Telegram;

/// <summary>A file to upload.</summary>
/// <param name="FileName">Name shown to the user.</param>
/// <param name="ContentType">MIME type, e.g. <c>image/png</c>.</param>
/// <param name="Content">The bytes (Telegram: photos up to 10 MB).</param>
public sealed record InputFile(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>A request that uploads a file, so it goes as multipart/form-data instead of JSON.</summary>
public interface IMultipartRequest
{
    /// <summary>The form to post.</summary>
    MultipartFormDataContent ToContent();
}

/// <summary><c>sendPhoto</c> with an uploaded image (the signing link's QR code).</summary>
/// <param name="ChatId">Destination chat.</param>
/// <param name="Photo">The image.</param>
public sealed record SendPhotoRequest(long ChatId, InputFile Photo) : TelegramRequest<Message>, IMultipartRequest
{
    /// <summary>Telegram's caption limit.</summary>
    public const int MaxCaption = 1024;

    /// <inheritdoc />
    public override string MethodName => "sendPhoto";

    /// <summary>Plain-text caption, at most 1,024 characters.</summary>
    public string? Caption { get; init; }

    /// <inheritdoc />
    public MultipartFormDataContent ToContent()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(ChatId.ToString(CultureInfo.InvariantCulture)), "chat_id" },
        };
        if (Caption is { Length: > 0 } caption)
        {
            form.Add(new StringContent(caption.Length > MaxCaption ? caption[..(MaxCaption - 1)] + "…" : caption), "caption");
        }

        var file = new ReadOnlyMemoryContent(Photo.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(Photo.ContentType);
        form.Add(file, "photo", Photo.FileName);
        return form;
    }
}

/// <summary>A photo as stored in the outbox (JSON): the request's fields with the bytes in base64.</summary>
/// <param name="ChatId">Destination chat.</param>
/// <param name="Caption">Caption.</param>
/// <param name="FileName">File name.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Base64">The bytes.</param>
/// <param name="Link">The URL the image encodes (the signing link), sent as text if the photo cannot be delivered; null for older rows.</param>
public sealed record TelegramPhotoPayload(long ChatId, string Caption, string FileName, string ContentType, string Base64, string? Link = null)
{
    /// <summary>The request to send.</summary>
    public SendPhotoRequest ToRequest() => new(ChatId, new InputFile(FileName, ContentType, Convert.FromBase64String(Base64))) { Caption = Caption };
}
