namespace Exactly.Bot.Hosting;

/// <summary>
/// Where a user's direct messages go on each transport: the one definition for the chat commands (a linking outcome is
/// posted there) and the alerts (a signed fix's outcome is posted there). Here, in the transport-neutral room, because the
/// alerts may not reference the chat room.
/// </summary>
public static class PrivateChat
{
    /// <summary>
    /// The chat id of <paramref name="userId"/>'s private chat on <paramref name="transport"/>: on Telegram the private chat's
    /// id is the user's own id; on Discord a direct message's chat id is <c>dm:{userId}</c>; the console's one chat is its user.
    /// </summary>
    public static string Id(string transport, string userId)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(userId);
        return transport == "discord" ? "dm:" + userId : userId;
    }
}
