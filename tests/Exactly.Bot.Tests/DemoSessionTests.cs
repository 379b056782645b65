using System.Text.RegularExpressions;
using System.Threading.Channels;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// The demo program as a newcomer runs it (issue 12, item 8): <see cref="DemoApplication.RunAsync"/> with lines typed on its
/// console and its output read back, the devnet mining a block every 2 s like the real chain. Leverage, sign it as the demo
/// wallet, the health alert with its fix link, sign the fix, the recovery, and /position — all from the console.
/// </summary>
public sealed partial class DemoSessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DemoConsole_LeverageSignAlertFixSignRecovery_AllFromTheConsole()
    {
        var input = new TypedLines();
        var console = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = DemoApplication.RunAsync([], input, TextWriter.Synchronized(console), stop.Token);
        try
        {
            await UntilAsync(console, "End input (Ctrl-D) to quit.");
            await input.TypeAsync("/leverage 3x USDC 100");
            await UntilAsync(console, "Review and sign in your wallet:");
            await input.TypeAsync("/demo sign");
            await UntilAsync(console, "Done: leverage USDC confirmed on chain");

            // 3x USDC sits at health factor 1.24, below the 1.25 warning line: two readings later the alert comes, with a fix link.
            await UntilAsync(console, "Warning: demo is below health factor 1.25.");
            var alert = Between(console.ToString(), "Warning: demo", "Evaluated at block");
            Assert.Matches(@"Fix\s+deleverage USDC to [\d.]+x: health factor 1\.5", alert);
            var fixLink = FixLink().Match(alert).Groups[1].Value;

            await input.TypeAsync($"/demo sign {fixLink}");
            await UntilAsync(console, "Done: deleverage USDC confirmed on chain");
            await UntilAsync(console, "Recovered: demo is back above health factor 1.25");
            await input.TypeAsync("/position");
            await UntilAsync(console, "Your wallets at block");
            await UntilAsync(console, "24 h ");
            var text = console.ToString();
            output.WriteLine(text);

            Assert.Contains("Demo wallet 0x7099…79C8 on the page for /deleverage", text, StringComparison.Ordinal);
            Assert.Matches(@"Recovered: demo[^\n]*\nHealth factor 1\.5\d* safe", text);
            Assert.Matches(@"demo \(0x7099…79C8\) · linked, the default\n  USDC\s+deposit 2\d\d\.\d+ USDC \(collateral\) · borrow 1\d\d\.\d+ USDC\n  Health\s+1\.5", text);
            Assert.Equal(1, Regex.Count(text, "Warning: demo"));
            Assert.Equal(1, Regex.Count(text, "Recovered: demo"));
        }
        finally
        {
            input.End();
            await stop.CancelAsync();
            await run.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task UntilAsync(StringWriter console, string text)
    {
        // Generous: a signing round trip, a block every 2 s and the monitor's two readings; never an assert on how long it took.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!console.ToString().Contains(text, StringComparison.Ordinal))
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The console never printed '{text}'. It printed:\n{console}");
            }

            await Task.Delay(100);
        }
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"Review and sign in your wallet: (\S+)")]
    private static partial Regex FixLink();

    /// <summary>Standard input a test types into, one line at a time; <see cref="End"/> is Ctrl-D.</summary>
    private sealed class TypedLines : TextReader
    {
        private readonly Channel<string?> lines = Channel.CreateUnbounded<string?>();

        public ValueTask TypeAsync(string line) => lines.Writer.WriteAsync(line);

        public void End() => lines.Writer.TryComplete();

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await lines.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }
    }
}
