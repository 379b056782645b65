using Exactly.Bot.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>One devnet and one running bot (real Kestrel on a free loopback port, real SQLite file) per test class.</summary>
public sealed class BotFixture : IAsyncLifetime
{
    public DemoEnvironment Demo { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public ChatBot Bot => App.Services.GetRequiredService<ChatBot>();

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        App = DemoComposition.Build([], Demo.Settings, console: null);
        await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Demo.DisposeAsync();
    }

    /// <summary>A message from the console user, whom the demo links to the funded demo wallet.</summary>
    public static ChatMessage FromDemoUser(string text) => new("console", "console", "console", text, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A message from a user with no linked wallet (quoted as a fresh account). Each message comes from a new stranger, so the
    /// per-user quote limit never throttles a test that asks for many quotes.
    /// </summary>
    public static ChatMessage FromStranger(string text) => new("console", "console", "stranger-" + Guid.NewGuid().ToString("N"), text, Guid.NewGuid().ToString("N"));
}
