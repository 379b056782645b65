using System.Text.Json.Serialization;

namespace Exactly.Bot.Telegram;

/// <summary>The Bot API envelope: <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":429,"description":…,"parameters":{"retry_after":5}}</c>.</summary>
/// <typeparam name="T">The method's result type.</typeparam>
public sealed record TelegramResponse<T>(bool Ok, T? Result, int? ErrorCode, string? Description, ResponseParameters? Parameters);

/// <summary>Extra error information.</summary>
/// <param name="RetryAfter">Seconds to wait after a 429.</param>
/// <param name="MigrateToChatId">The supergroup a group moved to.</param>
public sealed record ResponseParameters(int? RetryAfter, long? MigrateToChatId);

/// <summary>An incoming update; only messages are used.</summary>
/// <param name="UpdateId">Monotonic id; confirmed by calling getUpdates with a higher offset.</param>
/// <param name="Message">A new message, if that is what this update is.</param>
public sealed record Update(long UpdateId, Message? Message);

/// <summary>A message.</summary>
/// <param name="MessageId">Id within the chat.</param>
/// <param name="Chat">Where it was posted.</param>
/// <param name="From">Who wrote it (absent in channels).</param>
/// <param name="Text">The text, if a text message.</param>
public sealed record Message(long MessageId, Chat Chat, User? From, string? Text);

/// <summary>A chat.</summary>
/// <param name="Id">Chat id: positive for private chats (= the user id), negative for groups.</param>
/// <param name="Type"><c>private</c>, <c>group</c>, <c>supergroup</c> or <c>channel</c>.</param>
public sealed record Chat(long Id, string Type);

/// <summary>A user or bot.</summary>
/// <param name="Id">User id.</param>
/// <param name="IsBot">True for bots.</param>
/// <param name="Username">@username without the @.</param>
public sealed record User(long Id, bool IsBot, string? Username);

/// <summary>An inline keyboard.</summary>
/// <param name="InlineKeyboard">Rows of buttons.</param>
public sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

/// <summary>An inline button; we only use URL buttons (callback data is forgeable and we need none).</summary>
/// <param name="Text">Label.</param>
/// <param name="Url">http(s) or tg:// URL.</param>
public sealed record InlineKeyboardButton(string Text, [property: JsonPropertyName("url")] string Url);

/// <summary>A menu command.</summary>
/// <param name="Command">1–32 chars of a-z0-9_.</param>
/// <param name="Description">3–256 chars.</param>
public sealed record BotCommand(string Command, string Description);
