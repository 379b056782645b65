using System.Numerics;
using Exactly.Bot.Ethereum;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>An amount no market could serve gets a sentence and a working example, never a quote with a signing link (issue 10, item 16).</summary>
public sealed class AmountRefusalTests(BotFixture fixture, ITestOutputHelper output) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task Leverage_DepositAboveTheAssetsTotalSupply_RepliesWithASentence_NotASigningLink()
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger("/leverage 3x USDC 100000000000000000000000000000000"), CancellationToken.None);

        output.WriteLine(reply.Text);
        Assert.True(reply.IsError, reply.Text);
        Assert.Empty(reply.Links);
        Assert.Null(reply.Image);
        Assert.Contains("more than all the USDC that exists", reply.Text, StringComparison.Ordinal);
        await AssertExampleWorksAsync(reply.Text);
    }

    [Fact]
    public async Task CrossLeverage_BorrowAboveTheMarketsLiquidity_RepliesWithASentence_NotASigningLink()
    {
        // Enough USDC exists for the deposit (minted to a bystander), but no WETH market could lend a billion dollars of WETH.
        var usdc = fixture.Demo.Devnet.Deployment.Market("USDC").Asset;
        await fixture.Demo.Devnet.MintAsync(usdc, Address.Parse("0x00000000000000000000000000000000000b0b00"), BigInteger.Pow(10, 6 + 12));

        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger("/leverage 2x USDC/WETH 1000000000"), CancellationToken.None);

        output.WriteLine(reply.Text);
        Assert.True(reply.IsError, reply.Text);
        Assert.Empty(reply.Links);
        Assert.Contains("more than the WETH market holds to lend", reply.Text, StringComparison.Ordinal);
        await AssertExampleWorksAsync(reply.Text);
    }

    private async Task AssertExampleWorksAsync(string text)
    {
        var example = text.Split('\n').Last();
        Assert.StartsWith("Example: /", example, StringComparison.Ordinal);
        var retry = await fixture.Bot.HandleAsync(BotFixture.FromStranger(example["Example: ".Length..]), CancellationToken.None);
        Assert.False(retry.IsError, $"{example} → {retry.Text}");
    }
}
