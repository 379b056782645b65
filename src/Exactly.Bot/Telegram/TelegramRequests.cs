using System.Text.Json.Serialization;

namespace Exactly.Bot.Telegram;

/// <summary>A Bot API method call returning <typeparamref name="T"/> (Telegram.Bot's <c>IRequest&lt;T&gt;</c> shape).</summary>
/// <typeparam name="T">The result type.</typeparam>
public abstract record TelegramRequest<T>
{
    /// <summary>The method name, e.g. <c>sendMessage</c>.</summary>
    [JsonIgnore]
    public abstract string MethodName { get; }
}

/// <summary><c>getUpdates</c>: long polling.</summary>
/// <param name="Offset">First update id to return; confirms every lower one.</param>
/// <param name="Timeout">Long-poll seconds.</param>
public sealed record GetUpdatesRequest(long Offset, int Timeout) : TelegramRequest<IReadOnlyList<Update>>
{
    /// <inheritdoc />
    public override string MethodName => "getUpdates";

    /// <summary>Only messages.</summary>
    public IReadOnlyList<string> AllowedUpdates { get; init; } = ["message"];
}

/// <summary><c>sendMessage</c>.</summary>
/// <param name="ChatId">Destination chat.</param>
/// <param name="Text">1–4096 characters after entity parsing.</param>
public sealed record SendMessageRequest(long ChatId, string Text) : TelegramRequest<Message>
{
    /// <inheritdoc />
    public override string MethodName => "sendMessage";

    /// <summary><c>HTML</c>, or null for plain text.</summary>
    public string? ParseMode { get; init; }

    /// <summary>URL buttons, or null.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary>
/// <c>editMessageText</c> of a message the bot sent (the progress placeholder becomes the answer). Telegram answers 400
/// "message is not modified" when text and markup are unchanged (a repeated edit: success for us), "message to edit not
/// found" for an unknown id and "message can't be edited" for someone else's message.
/// </summary>
/// <param name="ChatId">The chat the message is in.</param>
/// <param name="MessageId">The message to edit.</param>
/// <param name="Text">1–4096 characters after entity parsing.</param>
public sealed record EditMessageTextRequest(long ChatId, long MessageId, string Text) : TelegramRequest<Message>
{
    /// <inheritdoc />
    public override string MethodName => "editMessageText";

    /// <summary><c>HTML</c>, or null for plain text.</summary>
    public string? ParseMode { get; init; }

    /// <summary>URL buttons, or null (an edit without markup removes the keyboard).</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary><c>sendChatAction</c>: shows "typing…" for about 5 s.</summary>
/// <param name="ChatId">Chat.</param>
/// <param name="Action">e.g. <c>typing</c>.</param>
public sealed record SendChatActionRequest(long ChatId, string Action) : TelegramRequest<bool>
{
    /// <inheritdoc />
    public override string MethodName => "sendChatAction";
}

/// <summary><c>setMyCommands</c>: the command menu.</summary>
/// <param name="Commands">The commands.</param>
public sealed record SetMyCommandsRequest(IReadOnlyList<BotCommand> Commands) : TelegramRequest<bool>
{
    /// <inheritdoc />
    public override string MethodName => "setMyCommands";
}

/// <summary><c>setWebhook</c>.</summary>
/// <param name="Url">HTTPS URL Telegram posts updates to.</param>
/// <param name="SecretToken">Echoed in <c>X-Telegram-Bot-Api-Secret-Token</c>.</param>
public sealed record SetWebhookRequest(string Url, string SecretToken) : TelegramRequest<bool>
{
    /// <inheritdoc />
    public override string MethodName => "setWebhook";

    /// <summary>Only messages.</summary>
    public IReadOnlyList<string> AllowedUpdates { get; init; } = ["message"];
}

/// <summary><c>deleteWebhook</c> (getUpdates answers 409 while a webhook is set). Pending updates are kept.</summary>
public sealed record DeleteWebhookRequest : TelegramRequest<bool>
{
    /// <inheritdoc />
    public override string MethodName => "deleteWebhook";
}

/// <summary><c>getMe</c>: the bot's own user.</summary>
public sealed record GetMeRequest : TelegramRequest<User>
{
    /// <inheritdoc />
    public override string MethodName => "getMe";
}
