using System.Globalization;
using System.Net;
using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Exactly.Bot.Telegram;

/// <summary>
/// Turns a <see cref="Reply"/> into sendMessage requests (outbox rows): HTML parse mode with the text in one
/// <c>&lt;pre&gt;</c> block (the quote's columns stay aligned; only <c>&amp; &lt; &gt;</c> need escaping there), split at
/// 4,096 characters on line breaks, links as URL buttons on the last part. In a group, links are personal: the group gets
/// the text and a button to the bot's private chat, and the links go to the user's private chat only.
/// </summary>
public sealed class TelegramRenderer(TelegramIdentity identity)
{
    /// <summary>Telegram's limit on message text after entity parsing.</summary>
    public const int MaxText = 4096;

    /// <summary>Outbox kind of a message to the chat it answers.</summary>
    public const OutboxKind MessageKind = OutboxKind.Message;

    /// <summary>Outbox kind of a personal message to a user's private chat (403 until the user starts the bot).</summary>
    public const OutboxKind PrivateKind = OutboxKind.Private;

    /// <summary>Outbox kind of a photo (the signing link's QR code) to the chat it answers.</summary>
    public const OutboxKind PhotoKind = OutboxKind.Photo;

    /// <summary>Outbox kind of a personal photo to a user's private chat.</summary>
    public const OutboxKind PrivatePhotoKind = OutboxKind.PrivatePhoto;

    /// <summary>
    /// Outbox kind of the short progress message ("Quoting 3x USDC 100…") sent while a quote is computed; the answer's first
    /// part is then an <see cref="EditKind"/> row that turns it into the answer.
    /// </summary>
    public const OutboxKind PlaceholderKind = OutboxKind.Placeholder;

    /// <summary>Outbox kind of an editMessageText of a placeholder row (payload <see cref="TelegramEditPayload"/>).</summary>
    public const OutboxKind EditKind = OutboxKind.Edit;

    /// <summary>The deep-link payload that re-sends the personal messages caused by <paramref name="sourceEvent"/> (an update id).</summary>
    public static string StartPayload(string sourceEvent) => "u" + sourceEvent;

    /// <summary>The progress message for <paramref name="chatId"/> (plain text, no buttons), as an outbox row.</summary>
    public static OutboxMessage Placeholder(long chatId, string text, int priority) =>
        Messages(chatId, text, null, PlaceholderKind, priority, null)[0];

    /// <summary>
    /// Renders <paramref name="reply"/> for <paramref name="chatId"/>; <paramref name="userId"/> receives personal links in groups.
    /// With <paramref name="placeholderRow"/> (the outbox row id of a placeholder sent to <paramref name="chatId"/>), the first
    /// part to that chat edits the placeholder instead of being a new message; further parts and photos are new messages.
    /// </summary>
    public IReadOnlyList<OutboxMessage> Render(long chatId, long? userId, Reply reply, int priority, string? sourceEvent, long? placeholderRow = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var isGroup = chatId < 0;
        if (isGroup && reply.Links.Count > 0 && userId is { } user && sourceEvent is not null)
        {
            var button = new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl("Open my private chat for the signing link", $"https://t.me/{identity.Username}?start={StartPayload(sourceEvent)}"));
            var group = Messages(chatId, WithoutLinks(reply) + "\n\nThe signing link was sent to you in a private chat.", button, MessageKind, priority, placeholderRow);
            var personal = Messages(user, reply.Text, Keyboard(reply.Links), PrivateKind, priority, null);
            return [.. group, .. personal, .. Photo(user, reply, PrivatePhotoKind, priority)];
        }

        return [.. Messages(chatId, reply.Text, Keyboard(reply.Links), MessageKind, priority, placeholderRow), .. Photo(chatId, reply, PhotoKind, priority)];
    }

    /// <summary>Splits plain text into parts of at most <paramref name="max"/> UTF-16 units, at line breaks when possible.</summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxText) => TextSplitter.Split(text, max);

    /// <summary>The reply's text without the lines that show one of its links (those stay private).</summary>
    public static string WithoutLinks(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var urls = reply.Links.SelectMany(l => new[] { l.Url.ToString(), l.Url.AbsoluteUri }).ToArray();
        return string.Join('\n', reply.Text.Split('\n').Where(line => !urls.Any(u => line.Contains(u, StringComparison.Ordinal))));
    }

    /// <summary>
    /// The text that replaces a photo that could not be delivered: its caption and the link it encodes, as a message of the
    /// matching kind (a private photo stays private). Null when the row is not a photo.
    /// </summary>
    public static OutboxMessage? PhotoAsText(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind is not (PhotoKind or PrivatePhotoKind)
            || JsonSerializer.Deserialize<TelegramPhotoPayload>(item.Payload, JsonBotAPI.Options) is not { } photo)
        {
            return null;
        }

        var text = photo.Link is { } link ? $"The QR code could not be sent. Open the link instead: {link}" : "The QR code could not be sent; use the link above.";
        var kind = item.Kind == PhotoKind ? MessageKind : PrivateKind;
        return Messages(photo.ChatId, text, null, kind, (int)item.Priority, null)[0];
    }

    /// <summary>HTML for one part: a <c>pre</c> block with <c>&amp; &lt; &gt; "</c> escaped.</summary>
    public static string Html(string part) => "<pre>" + WebUtility.HtmlEncode(part) + "</pre>";

    /// <summary>The reply's image (a QR code of its link: personal) as a sendPhoto row, after the text.</summary>
    private static IEnumerable<OutboxMessage> Photo(long chatId, Reply reply, OutboxKind kind, int priority)
    {
        if (reply.Image is not { } image)
        {
            yield break;
        }

        // The QR code encodes the reply's first link (the signing page); kept so an undeliverable photo can degrade to it.
        var link = reply.Links.Count > 0 ? reply.Links[0].Url.AbsoluteUri : null;
        var payload = new TelegramPhotoPayload(chatId, image.AltText, image.FileName, image.ContentType, Convert.ToBase64String(image.Content.Span), link);
        yield return new OutboxMessage(chatId.ToString(CultureInfo.InvariantCulture), kind, priority, JsonSerializer.Serialize(payload, JsonBotAPI.Options));
    }

    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<ReplyLink> links) =>
        links.Count == 0 ? null : new InlineKeyboardMarkup(links.Select(l => new[] { InlineKeyboardButton.WithUrl(l.Label, l.Url.AbsoluteUri) }));

    private static List<OutboxMessage> Messages(long chatId, string text, InlineKeyboardMarkup? keyboard, OutboxKind kind, int priority, long? placeholderRow)
    {
        var parts = Split(text);
        var chat = chatId.ToString(CultureInfo.InvariantCulture);
        return parts.Select((part, i) =>
        {
            var message = new SendMessageRequest { ChatId = chatId, Text = Html(part), ParseMode = ParseMode.Html, ReplyMarkup = i == parts.Count - 1 ? keyboard : null };
            return i == 0 && placeholderRow is { } row
                ? new OutboxMessage(chat, EditKind, priority, JsonSerializer.Serialize(new TelegramEditPayload(row, message), JsonBotAPI.Options))
                : new OutboxMessage(chat, kind, priority, JsonSerializer.Serialize(message, JsonBotAPI.Options));
        }).ToList();
    }
}

/// <summary>An edit as stored in the outbox: the placeholder's row (its message id is known once it is sent) and the new content.</summary>
/// <param name="PlaceholderRow">Outbox row id of the placeholder; its <c>result</c> holds the Telegram message_id once sent.</param>
/// <param name="Message">The content, as a sendMessage (sent as a new message if the placeholder never arrived).</param>
public sealed record TelegramEditPayload(long PlaceholderRow, SendMessageRequest Message)
{
    /// <summary>The editMessageText request for the placeholder's <paramref name="messageId"/>.</summary>
    public EditMessageTextRequest ToEdit(int messageId) => new()
    {
        ChatId = Message.ChatId, MessageId = messageId, Text = Message.Text, ParseMode = Message.ParseMode, ReplyMarkup = Message.ReplyMarkup as InlineKeyboardMarkup,
    };
}
