namespace Exactly.Bot.Chat;

/// <summary>An image sent with a reply (Telegram <c>sendPhoto</c>, a Discord attachment); transports without images skip it.</summary>
/// <param name="FileName">A file name for attachments, e.g. <c>sign.png</c>.</param>
/// <param name="ContentType">MIME type, e.g. <c>image/png</c>.</param>
/// <param name="Content">The bytes.</param>
/// <param name="AltText">What the image shows, for captions and accessibility.</param>
public sealed record ReplyImage(string FileName, string ContentType, ReadOnlyMemory<byte> Content, string AltText);
