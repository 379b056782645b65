namespace Exactly.Bot.Chat;

/// <summary>
/// Sends a message to a chat on its own (not as the answer to a command): transaction confirmations, alerts.
/// One implementation per transport, registered as <see cref="IChatSender"/>; <see cref="ChatSenders"/> picks by name.
/// </summary>
public interface IChatSender
{
    /// <summary>The transport this sender serves: <c>console</c>, <c>telegram</c>, <c>discord</c>.</summary>
    string Transport { get; }

    /// <summary>Delivers (or durably queues) <paramref name="reply"/> to <paramref name="chatId"/>.</summary>
    Task SendAsync(string chatId, Reply reply, CancellationToken cancellationToken);
}

/// <summary>Routes an outbound message to the sender of its transport.</summary>
public sealed class ChatSenders(IEnumerable<IChatSender> senders)
{
    private readonly Dictionary<string, IChatSender> byTransport = senders.ToDictionary(s => s.Transport, StringComparer.Ordinal);

    /// <summary>Sends through the transport's sender.</summary>
    /// <exception cref="InvalidOperationException">No sender is registered for the transport (it is not running).</exception>
    public Task SendAsync(string transport, string chatId, Reply reply, CancellationToken cancellationToken) =>
        byTransport.TryGetValue(transport, out var sender)
            ? sender.SendAsync(chatId, reply, cancellationToken)
            : throw new InvalidOperationException($"No '{transport}' transport is running to deliver to chat {chatId}.");
}
