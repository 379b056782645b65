using System.Text;
using System.Threading.Channels;

namespace Exactly.Bot.Signing.Tests;

/// <summary>The console transport's input, fed line by line by the test; it never ends on its own.</summary>
public sealed class ChatInput : TextReader
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

    public void Send(string line) => lines.Writer.TryWrite(line);

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => await lines.Reader.ReadAsync(cancellationToken);
}

/// <summary>The console transport's output (replies and confirmations), readable while the bot writes.</summary>
public sealed class ChatOutput : TextWriter
{
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    /// <summary>Waits until the output after <paramref name="from"/> contains <paramref name="marker"/>; returns that part.</summary>
    public async Task<string> WaitForAsync(int from, string marker, TimeSpan? timeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            var all = Text;
            if (all.Length > from && all[from..].Contains(marker, StringComparison.Ordinal))
            {
                return all[from..];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{marker}' did not appear in the chat output:\n{Text[Math.Min(from, Text.Length)..]}");
    }
}
