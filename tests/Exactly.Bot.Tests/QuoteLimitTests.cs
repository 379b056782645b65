using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// The per-user limit on quotes with a signing link (issue 10, item 12): 10 a minute by default, counted per user, with a
/// sentence saying when to try again, read from the injected clock; moving the clock past the window lets the user in again.
/// </summary>
public sealed class QuoteLimitTests(BotFixture fixture, ITestOutputHelper output) : IClassFixture<BotFixture>, IAsyncLifetime
{
    // Starts at the real time, whole second: the devnet's blocks carry real timestamps, and the quote compares against them.
    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    private readonly string databasePath = TempDatabase.NewPath("bot-limit");
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(fixture.Demo.Settings) { ["Storage:Path"] = databasePath };
        app = BotApplication.Build([], settings, console: null, overrides: s => s.AddSingleton<TimeProvider>(time));
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        TempDatabase.Delete(databasePath);
    }

    [Fact]
    public async Task EleventhQuoteInAMinute_RepliesWhenToTryAgain_UntilTheWindowMoves()
    {
        var bot = app.Services.GetRequiredService<ChatBot>();
        var start = time.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            var quote = await bot.HandleAsync(From("alice", "/leverage 2x USDC 10"), CancellationToken.None);
            Assert.False(quote.IsError, quote.Text);
            Assert.NotEmpty(quote.Links);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var refused = await bot.HandleAsync(From("alice", "/leverage 2x USDC 10"), CancellationToken.None);
        output.WriteLine(refused.Text);
        Assert.True(refused.IsError);
        Assert.Empty(refused.Links);
        // The first quote was at start, so the window lets one more in a minute after it: 50 s from now (start + 10 s).
        Assert.Contains($"try again at {start.AddMinutes(1):HH:mm:ss} UTC (in 50 s)", refused.Text, StringComparison.Ordinal);
        Assert.Matches(@"\nExample: /leverage [^\n]+$", refused.Text);

        // Someone else is not throttled by alice, and alice's other commands are not either.
        Assert.False((await bot.HandleAsync(From("bob", "/leverage 2x USDC 10"), CancellationToken.None)).IsError);
        Assert.False((await bot.HandleAsync(From("alice", "/markets"), CancellationToken.None)).IsError);

        time.Advance(TimeSpan.FromSeconds(50));
        var again = await bot.HandleAsync(From("alice", "/leverage 2x USDC 10"), CancellationToken.None);
        Assert.False(again.IsError, again.Text);
        Assert.NotEmpty(again.Links);
    }

    [Fact]
    public async Task RedeliveredEvent_AtTheLimit_GetsItsOwnQuoteBack_NotTheLimitSentence()
    {
        var bot = app.Services.GetRequiredService<ChatBot>();
        var tenth = From("carol", "/leverage 2x USDC 10");
        for (var i = 0; i < 9; i++)
        {
            Assert.False((await bot.HandleAsync(From("carol", "/leverage 2x USDC 10"), CancellationToken.None)).IsError);
        }

        var first = await bot.HandleAsync(tenth, CancellationToken.None);
        var redone = await bot.HandleAsync(tenth, CancellationToken.None);

        Assert.False(redone.IsError, redone.Text);
        Assert.Equal(first.Links[0].Url, redone.Links[0].Url);
        Assert.True((await bot.HandleAsync(From("carol", "/leverage 2x USDC 10"), CancellationToken.None)).IsError);
    }

    [Fact]
    public async Task FixLinksFromAlerts_DoNotCountTowardTheQuoteLimit()
    {
        // A 4x USDC position below the fix target 1.5: its fix is a same-asset deleverage, which gets a signing session.
        var devnet = fixture.Demo.Devnet;
        var wallet = devnet.Accounts[6];
        await DevnetPositions.LeverageUsdcAsync(devnet, wallet, 100m, 4 * Ethereum.Units.Wad);
        var block = await BlockHeader.ReadAsync(devnet.Rpc);
        var position = await app.Services.GetRequiredService<PositionReader>().ReadAsync(wallet, block);
        var fix = await app.Services.GetRequiredService<FixQuoter>().QuoteAsync(position!);
        Assert.True(fix.IsSuccess, fix.Error);
        var links = app.Services.GetRequiredService<SigningLinks>();
        for (var i = 0; i < 12; i++)
        {
            // What the monitor does for each alert (AlertFacts): the alert's own event, the user's private chat.
            var session = await links.ForFixAsync(new SessionOwner("console", "console", "dave", $"alert:{block.Number + i}:1"), fix.Value!, CancellationToken.None);
            Assert.NotNull(session);
        }

        var bot = app.Services.GetRequiredService<ChatBot>();
        for (var i = 0; i < 10; i++)
        {
            var quote = await bot.HandleAsync(From("dave", "/leverage 2x USDC 10"), CancellationToken.None);
            Assert.False(quote.IsError, $"quote {i + 1} after 12 fix links: {quote.Text}");
        }

        // Still ten of their own, not more.
        Assert.True((await bot.HandleAsync(From("dave", "/leverage 2x USDC 10"), CancellationToken.None)).IsError);
    }

    private static ChatMessage From(string user, string text) => new("console", "console", user, text, Guid.NewGuid().ToString("N"));
}
