using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Tests;

/// <summary>The one definition of a user's private chat, shared by the chat commands and the alerts.</summary>
public sealed class PrivateChatTests
{
    [Theory]
    [InlineData("telegram", "5551234", "5551234")]
    [InlineData("discord", "80351110224678912", "dm:80351110224678912")]
    [InlineData("console", "console", "console")]
    public void PrivateChatId_OfEachTransport_IsTheChatTheBotJudgesPrivate(string transport, string userId, string expected)
    {
        var id = PrivateChat.Id(transport, userId);

        Assert.Equal(expected, id);
        Assert.True(ChatPrivacy.IsPrivate(new ChatMessage(transport, id, userId, "/link", "1")));
    }
}
