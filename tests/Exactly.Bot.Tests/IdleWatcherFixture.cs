using Exactly.Bot.Console;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>A running bot whose own receipt watcher stays idle (polls once a day): tests drive a watcher of their own.</summary>
public class IdleWatcherFixture : IAsyncLifetime
{
    public DemoEnvironment Demo { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public StringWriter Chat { get; } = new();

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        await BeforeStartAsync(Demo);
        var settings = new Dictionary<string, string?>(Demo.Settings) { ["Signing:ReceiptPollInterval"] = "1.00:00:00" };
        Configure(settings);
        var channel = new ConsoleChannel(new NeverEndingInput(), TextWriter.Synchronized(Chat));
        App = DemoComposition.Build([], settings, channel, Override);
        await App.StartAsync();
        channel.ReadySource.SetResult();
    }

    /// <summary>Changes the chain before the bot starts (and reads its markets).</summary>
    protected virtual Task BeforeStartAsync(DemoEnvironment demo) => Task.CompletedTask;

    /// <summary>Replaces services before the bot is built (e.g. a <see cref="TimeProvider"/> the test moves).</summary>
    protected virtual void Override(IServiceCollection services)
    {
    }

    /// <summary>Changes the bot's settings before it is built.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Demo.DisposeAsync();
    }

    private sealed class NeverEndingInput : TextReader
    {
        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }
}
