using Exactly.Bot.Console;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Exactly.Bot.Tests;

/// <summary>The console skin, as `printf … | dotnet run --project src/Exactly.Bot.Demo` drives it: lines in, replies out, exit at end of input.</summary>
public sealed class ConsoleTransportTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task PipedLines_AreAnsweredInOrder_AndEndOfInputStopsTheApp()
    {
        var output = new StringWriter();
        var channel = new ConsoleChannel(new StringReader("/help\n\n/leverage 2x USDC 50\n/leverage banana\n"), output);
        var settings = new Dictionary<string, string?>(fixture.Demo.Settings)
        {
            ["Storage:Path"] = TempDatabase.NewPath("bot-console"),
        };
        await using var app = BotApplication.Build([], settings, channel);
        await app.StartAsync();
        channel.ReadySource.SetResult();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await app.WaitForShutdownAsync(timeout.Token);

        var text = output.ToString();
        var help = text.IndexOf("/leverage <ratio> <ASSET> [amount]", StringComparison.Ordinal);
        var quote = text.IndexOf("Deposit       100 USDC", StringComparison.Ordinal);
        var error = text.IndexOf("'banana' is not a leverage ratio", StringComparison.Ordinal);
        Assert.True(help >= 0 && quote > help && error > quote, text);
        Assert.False(timeout.IsCancellationRequested, "the app did not stop at the end of input");
    }
}
