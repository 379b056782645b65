using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Exactly.Bot.FakePlatforms;

/// <summary>editMessageText in <see cref="FakeTelegramServer"/>.</summary>
public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// editMessageText of a chat message, with the Bot API's rules: the message must exist in that chat ("message to edit not
    /// found") and be the bot's ("message can't be edited"; tdlib/telegram-bot-api and node-telegram-bot-api#254), carry text
    /// ("there is no text in the message to edit" for a photo), the new text obeys the 1–4096 limit ("MESSAGE_TOO_LONG"),
    /// and an edit that changes neither text nor markup is a 400 "message is not modified" (daniel-hauser/moneyman#133).
    /// A successful edit counts toward the chat's and the global flood limits like a send.
    /// </summary>
    private IResult EditMessageText(JsonObject body)
    {
        var chatId = body["chat_id"]?.GetValue<long>() ?? 0;
        var messageId = body["message_id"]?.GetValue<long>() ?? 0;
        if (body["inline_message_id"] is not null)
        {
            return Error(400, "Bad Request: inline messages are not used by this bot");
        }

        if (ValidateText(body, "Bad Request: MESSAGE_TOO_LONG", out var visible) is { } invalid)
        {
            return invalid;
        }

        var parseMode = body["parse_mode"]?.GetValue<string>();
        var markup = body["reply_markup"];
        lock (gate)
        {
            var index = Sent.FindIndex(m => m.ChatId == chatId && m.Seq == messageId);
            if (index < 0)
            {
                return userMessages.Contains((chatId, messageId)) ? Error(400, "Bad Request: message can't be edited") : Error(400, "Bad Request: message to edit not found");
            }

            var current = Sent[index];
            if (current.Photo)
            {
                return Error(400, "Bad Request: there is no text in the message to edit");
            }

            if (current.Text == visible && string.Equals(current.ParseMode, parseMode, StringComparison.OrdinalIgnoreCase) && JsonNode.DeepEquals(current.ReplyMarkup, markup))
            {
                NotModified++;
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            if (Flood(chatId, $"edit {chatId} {messageId} {visible}") is { } limited)
            {
                return limited;
            }

            Sent[index] = current with { Text = visible, ParseMode = parseMode, ReplyMarkup = markup?.DeepClone(), Edits = current.Edits + 1 };
            return Ok(new JsonObject { ["message_id"] = messageId, ["date"] = 0, ["edit_date"] = 1, ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" }, ["text"] = visible });
        }
    }
}
