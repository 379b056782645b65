using Exactly.Bot.Signing;

namespace Exactly.Bot.Chat;

/// <summary>Posts signing outcomes as plain replies through the transport's <see cref="ChatSenders"/> (the outbox).</summary>
public sealed class ChatOutcomeSender(ChatSenders senders) : IOutcomeSender
{
    /// <inheritdoc />
    public Task SendAsync(string transport, string chatId, string text, CancellationToken cancellationToken) =>
        senders.SendAsync(transport, chatId, Reply.Plain(text), cancellationToken);
}
