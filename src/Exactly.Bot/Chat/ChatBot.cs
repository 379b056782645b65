using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat;

/// <summary>
/// The one entry point every transport calls: a chat line in, a reply out. Scoped: the transport's edge creates one DI
/// scope per inbound event and resolves the bot (and so its commands) there. Turns a chain outage into a reply that says
/// nothing was changed, and never lets an exception reach the transport.
/// </summary>
public sealed partial class ChatBot(CommandTable table, QuoteLimiter limiter, ILogger<ChatBot> logger)
{
    /// <summary>Handles one message.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled (shutdown).</exception>
    public async Task<Reply> HandleAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var split = CommandTable.Split(message.Text);
        if (split is null)
        {
            return Reply.Error("Commands start with a slash. Type /help to see them all.", "/leverage 3x USDC 100");
        }

        var (name, arguments) = split.Value;
        var command = table.Find(name);
        if (command is null)
        {
            return Reply.Error(
                $"There is no /{UserText.Echo(name)} command. Known commands: {string.Join(", ", table.All.Select(c => "/" + c.Name))}.",
                "/leverage 3x USDC 100");
        }

        if (command.CreatesSigningSessions && await limiter.NextAllowedAsync(message, cancellationToken) is { } next)
        {
            return Reply.Error(limiter.Sentence(next), command.Example);
        }

        try
        {
            var reply = await command.HandleAsync(new CommandContext(message, arguments, table), cancellationToken);
            return reply.Text.Length <= Reply.MaxTextLength ? reply : reply with { Text = reply.Text[..(Reply.MaxTextLength - 1)] + "…" };
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            LogChainFailure(logger, ex, command.Name);
            // Names the command: the answer may arrive well after it was asked (a progress line edited, or a new message after a restart).
            return new Reply($"The chain could not be read right now, so nothing was quoted and nothing changed. Please try again in a minute: {UserText.Echo(message.Text.Trim())}", [], IsError: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the chain failed while handling /{Command}")]
    private static partial void LogChainFailure(ILogger logger, Exception exception, string command);
}
