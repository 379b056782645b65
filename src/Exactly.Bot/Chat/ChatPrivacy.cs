using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat;

/// <summary>
/// Whether a message was written where only its author reads the answer. Which addresses a chat user watches is sensitive
/// (HEALTH.md, "Privacy"): outside a private chat the bot shows wallet labels only, and never stores an address typed there.
/// </summary>
public static class ChatPrivacy
{
    /// <summary>
    /// True for a private chat: on Telegram a private chat's id is the user's own id (groups and channels have other, negative
    /// ids); on Discord a direct message's chat id is <c>dm:{userId}</c> (anything else is a channel); the console has one
    /// local user.
    /// </summary>
    public static bool IsPrivate(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Transport switch
        {
            "telegram" => string.Equals(message.ChatId, message.UserId, StringComparison.Ordinal),
            "discord" => message.ChatId.StartsWith("dm:", StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>The alerts' owner of what this message's author watches: the transport and the user (never the group).</summary>
    public static WalletOwner Owner(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new WalletOwner(message.Transport, message.UserId);
    }
}
