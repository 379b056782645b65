namespace Exactly.Bot.Signing;

/// <summary>
/// Where a settled session's outcome is posted. Signing defines it and Chat implements it over its senders, so Signing never
/// references Chat (the only direction is Chat → Signing).
/// </summary>
public interface IOutcomeSender
{
    /// <summary>Posts <paramref name="text"/> (plain, at most 4,096 characters) to <paramref name="chatId"/> on <paramref name="transport"/>.</summary>
    /// <exception cref="InvalidOperationException">No sender is registered for <paramref name="transport"/>.</exception>
    Task SendAsync(string transport, string chatId, string text, CancellationToken cancellationToken);
}
