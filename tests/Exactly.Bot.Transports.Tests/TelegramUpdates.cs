using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Telegram.Bot updates as Telegram delivers them, for tests that hand one to the processor directly (a redelivery).</summary>
internal static class TelegramUpdates
{
    /// <summary>A text message from <paramref name="userId"/> in their private chat; update and message share <paramref name="id"/>.</summary>
    public static Update PrivateText(long id, long userId, string username, string text) => new()
    {
        Id = checked((int)id),
        Message = new Message
        {
            Id = checked((int)id),
            Chat = new global::Telegram.Bot.Types.Chat { Id = userId, Type = ChatType.Private },
            From = new User { Id = userId, IsBot = false, FirstName = "U", Username = username },
            Text = text,
        },
    };
}
