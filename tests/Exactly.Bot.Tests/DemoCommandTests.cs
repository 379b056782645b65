using System.Numerics;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>The demo bot, composed with its devnet so <c>/demo</c> exists.</summary>
public sealed class DemoWorldFixture : IAsyncLifetime
{
    public DemoEnvironment Demo { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public ChatBot Bot => App.Services.GetRequiredService<ChatBot>();

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        App = DemoComposition.Build([], Demo.Settings, console: null, devnet: Demo.Devnet);
        await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Demo.DisposeAsync();
    }
}

/// <summary><c>/demo price</c> and <c>/demo warp</c> move the devnet; bad input gets a sentence and an example that works.</summary>
public sealed class DemoCommandTests(DemoWorldFixture fixture, ITestOutputHelper output) : IClassFixture<DemoWorldFixture>
{
    [Fact]
    public async Task DemoPrice_Relative_MovesTheFeedFromTheCurrentPrice_ThenAbsolute_SetsIt()
    {
        var weth = fixture.Demo.Devnet.Deployment.Market("WETH");
        var before = await AnswerAsync(weth.PriceFeed);

        var reply = await SendAsync("/demo price WETH -20%");
        Assert.False(reply.IsError, reply.Text);
        Assert.Equal(before * 80 / 100, await AnswerAsync(weth.PriceFeed));
        Assert.Contains("WETH price on the devnet: 3000 → 2400 USD (-20 %)", reply.Text, StringComparison.Ordinal);

        reply = await SendAsync("/demo price eth 2500.5");
        Assert.False(reply.IsError, reply.Text);
        Assert.Equal(250_050_000_000, await AnswerAsync(weth.PriceFeed));
        Assert.Contains("2400 → 2500.5 USD (+4.19 %)", reply.Text, StringComparison.Ordinal);
        await SendAsync("/demo price WETH 3000");
    }

    [Fact]
    public async Task DemoWarp_30Days_MovesChainTimeAndSaysSo()
    {
        var before = await fixture.Demo.Devnet.TimestampAsync();
        var reply = await SendAsync("/demo warp 30d");
        Assert.False(reply.IsError, reply.Text);
        var after = await fixture.Demo.Devnet.TimestampAsync();
        Assert.InRange(after - before, 30 * 86_400, (30 * 86_400) + 5);
        Assert.Contains("(+30 d", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/demo", "moves the devnet's world")]
    [InlineData("/demo price DOGE -20%", "'DOGE' is not a market here. Known assets: USDC, WETH, wstETH")]
    [InlineData("/demo price WETH -120%", "leaves no positive price")]
    [InlineData("/demo price WETH cheap", "is neither a move like -20% nor a price")]
    [InlineData("/demo price WETH", "takes an asset and a move")]
    [InlineData("/demo warp 30y", "is not a duration")]
    [InlineData("/demo warp 99999d", "at most 3650 days")]
    [InlineData("/demo warp", "takes one duration")]
    [InlineData("/demo sign", "You have no signing link waiting")]
    [InlineData("/demo sign https://example.com/s/x", "is not a signing link the bot gave")]
    [InlineData("/demo sign a b", "takes one signing link at most")]
    public async Task DemoCommand_BadInput_SaysWhyAndItsExampleWorks(string line, string expected)
    {
        var reply = await SendAsync(line);
        output.WriteLine(reply.Text);
        Assert.True(reply.IsError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var example = reply.Text[(reply.Text.LastIndexOf("Example: ", StringComparison.Ordinal) + "Example: ".Length)..].Trim();
        await fixture.Demo.Devnet.OnSnapshotAsync(async () =>
        {
            var worked = await SendAsync(example);
            Assert.False(worked.IsError, $"{example}: {worked.Text}");
        });
    }

    [Fact]
    public void ProductionComposition_HasNoDemoCommand_TheDemoOneHasIt()
    {
        using (var scope = fixture.App.Services.CreateScope())
        {
            var demo = scope.ServiceProvider.GetRequiredService<CommandTable>().Find("demo");
            Assert.NotNull(demo);
            Assert.Contains("/demo sign", demo.Usage, StringComparison.Ordinal);
            Assert.NotNull(fixture.App.Services.GetService<DemoSigner>());
        }

        using var production = BotApplication.Build([], fixture.Demo.Settings, console: null);
        using var productionScope = production.Services.CreateScope();
        Assert.Null(productionScope.ServiceProvider.GetRequiredService<CommandTable>().Find("demo"));
        // Nor anything that signs as the demo wallet: no signer, no offered wallet (so no /s/{id}/demo-rpc either).
        Assert.Null(production.Services.GetService<DemoSigner>());
        Assert.Null(production.Services.GetService<Signing.IOfferedWallet>());
    }

    private Task<Reply> SendAsync(string line) => fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);

    private async Task<BigInteger> AnswerAsync(Ethereum.Address feed) =>
        (BigInteger)(await fixture.Demo.Devnet.Rpc.CallAsync(feed, PriceFeedAbi.LatestAnswer, []))[0]!;
}
