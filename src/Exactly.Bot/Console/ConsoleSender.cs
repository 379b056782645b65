using Exactly.Bot.Chat;

namespace Exactly.Bot.Console;

/// <summary>Messages the bot sends on its own (confirmations, alerts) printed on the console's output.</summary>
public sealed class ConsoleSender(ConsoleChannel channel) : IChatSender, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <inheritdoc />
    public string Transport => "console";

    /// <inheritdoc />
    public async Task SendAsync(string chatId, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        // One writer at a time: a confirmation must not interleave with a reply being printed.
        await gate.WaitAsync(cancellationToken);
        try
        {
            await channel.Output.WriteLineAsync(ConsoleTransport.Render(reply));
            await channel.Output.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
