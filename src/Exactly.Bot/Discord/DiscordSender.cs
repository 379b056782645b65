using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>
/// Discord's <see cref="IChatSender"/>: <c>dm:{userId}</c> (what Discord messages carry as their chat id) is a direct
/// message; any other chat id is a channel. Durably queued in the outbox at notice priority.
/// </summary>
public sealed class DiscordSender(UnitOfWork unitOfWork) : IChatSender
{
    /// <inheritdoc />
    public string Transport => DiscordInteractionHandler.Transport;

    /// <inheritdoc />
    public Task SendAsync(string chatId, Reply reply, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(tx => tx.Enqueue(Transport, Rows(chatId, reply, OutboxPriority.Notice)), cancellationToken);

    /// <summary>The outbox rows of <paramref name="reply"/> to <paramref name="chatId"/> (<c>dm:{userId}</c> or a channel id) at <paramref name="priority"/>.</summary>
    public static IReadOnlyList<OutboxMessage> Rows(string chatId, Reply reply, int priority)
    {
        ArgumentException.ThrowIfNullOrEmpty(chatId);
        var isDm = chatId.StartsWith("dm:", StringComparison.Ordinal);
        return DiscordRenderer.Render(reply, ephemeral: false)
            .Select(body => new OutboxMessage(
                chatId,
                isDm ? DiscordOutboxPayload.DirectMessage : DiscordOutboxPayload.Channel,
                priority,
                JsonSerializer.Serialize(isDm ? new DiscordOutboxPayload(null, chatId[3..], body) : new DiscordOutboxPayload($"/channels/{chatId}/messages", null, body), DiscordClient.Json)))
            .ToArray();
    }
}
