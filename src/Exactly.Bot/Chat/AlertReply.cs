using Exactly.Bot.Alerts;

namespace Exactly.Bot.Chat;

/// <summary>The chat skins' shape of a monitor message (the alerts room names no chat type, so the mapping lives here).</summary>
public static class AlertReply
{
    /// <summary><paramref name="message"/> as a <see cref="Reply"/>: same text, its links as buttons.</summary>
    public static Reply From(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Reply(message.Text, message.Links.Select(l => new ReplyLink(l.Label, l.Url)).ToList());
    }
}
