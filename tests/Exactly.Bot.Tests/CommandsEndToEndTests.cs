using System.Numerics;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>Every command through the one dispatcher on a 0.2.15 devnet: answers, and error replies whose example works.</summary>
public sealed class CommandsEndToEndTests(BotFixture fixture, ITestOutputHelper output) : IClassFixture<BotFixture>
{
    [Theory]
    [InlineData("/markets", @"USDC[\s\S]*Price\s+1 USD[\s\S]*Max leverage\s+5\.31x")]
    [InlineData("/start", "never holds your keys")]
    [InlineData("/help deleverage", "/deleverage <ratio>")]
    [InlineData("/position 0x000000000000000000000000000000000000dEaD", "No deposits or borrows")]
    [InlineData("/leverage 2x USDC/WETH 1000", @"Swap\s+0\.33\d+ WETH → 1000 USDC[\s\S]*Pool fee\s+0\.05%[\s\S]*Stress\s+if WETH rises 10%: health factor 1\.42")]
    [InlineData("/short ETH 2x with 1000 USDC", @"Deposit USDC, borrow WETH at 2x[\s\S]*First\s+enable USDC as collateral[\s\S]*Review and sign in your wallet: http")]
    [InlineData("/long ETH 2x with USDC 1", @"Deposit WETH, borrow USDC at 2x[\s\S]*health factor 1\.05")]
    [InlineData("/LEVERAGE x3 usdc 100", @"Deposit\s+300 USDC[\s\S]*Net APR\s+-?[\d.]+% on your principal")]
    [InlineData("/leverage 3.0x USDC 100", @"Borrow\s+200 USDC")]
    public async Task Command_IsAnswered(string line, string expected)
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);
        output.WriteLine(reply.Text);
        Assert.False(reply.IsError, reply.Text);
        Assert.Matches(expected, reply.Text);
    }

    [Theory]
    [InlineData("/deleverage 1x USDC", "no USDC position")]
    [InlineData("/leverage 20x USDC/WETH 1000", "above the maximum of")]
    [InlineData("/leverage 2x USDC/DOGE 1000", "Known assets")]
    [InlineData("/long wstETH 3x with WETH 1", "no Uniswap pool configured for wstETH/WETH")]
    [InlineData("/short ETH", "needs an asset and a ratio")]
    [InlineData("/short USDC 2x with USDC", "two different assets")]
    [InlineData("/position banana", "is not an address")]
    [InlineData("/position", "No wallet is linked")]
    [InlineData("/markets now", "takes no arguments")]
    [InlineData("/leverage 3x USDC max", "not accepted here")]
    public async Task WrongInput_RepliesWithWhatWasWrongAndAnExampleThatWorks(string line, string expected)
    {
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);

        Assert.True(reply.IsError, reply.Text);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var example = reply.Text.Split('\n').Last();
        Assert.StartsWith("Example: /", example, StringComparison.Ordinal);
        var retry = await fixture.Bot.HandleAsync(BotFixture.FromStranger(example["Example: ".Length..]), CancellationToken.None);
        Assert.False(retry.IsError, $"{example} → {retry.Text}");
    }

    [Theory]
    [InlineData("/deleverage 1x DOGE", "Known assets: USDC, WETH, wstETH")]
    [InlineData("/deleverage 0.5x USDC", "at least 1x")]
    [InlineData("/deleverage 1x USDC withdraw 1.1234567", "7 decimals but USDC has only 6")]
    [InlineData("/deleverage 1x USDC withdraw", "Say how much to withdraw")]
    [InlineData("/deleverage 1x USDC withdraw 100000", "You can withdraw at most")]
    [InlineData("/deleverage 5x USDC", "a deleverage must go lower. Raising it is /leverage.")]
    public async Task DeleverageWrongInput_WithAPosition_RepliesWithAnExampleThatWorks(string line, string expected)
    {
        await EnsureDemoPositionAsync();
        var reply = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser(line), CancellationToken.None);

        Assert.True(reply.IsError, reply.Text);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var example = reply.Text.Split('\n').Last();
        var retry = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser(example["Example: ".Length..]), CancellationToken.None);
        Assert.False(retry.IsError, $"{example} → {retry.Text}");
    }

    [Fact]
    public async Task DemoWallet_LeverageThenDeleverageWithdrawAll_QuotesTheExit_AndErrorsSuggestWorkingCommands()
    {
        await EnsureDemoPositionAsync();
        var position = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser("/position"), CancellationToken.None);
        Assert.Matches(@"Leverage\s+4", position.Text);

        var tooMuch = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser("/deleverage 1x USDC withdraw 100000"), CancellationToken.None);
        Assert.True(tooMuch.IsError);
        Assert.Contains("You can withdraw at most", tooMuch.Text, StringComparison.Ordinal);
        var example = tooMuch.Text.Split('\n').Last()["Example: ".Length..];
        var exit = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser(example), CancellationToken.None);
        output.WriteLine(exit.Text);
        Assert.False(exit.IsError, exit.Text);
        Assert.Matches(@"Deposit\s+0 USDC", exit.Text);
        Assert.Matches(@"To wallet\s+(100|99\.99\d*) USDC", exit.Text);

        var half = await fixture.Bot.HandleAsync(BotFixture.FromDemoUser("/deleverage 2x usdc"), CancellationToken.None);
        Assert.False(half.IsError, half.Text);
        Assert.Matches(@"Leverage\s+2x\s+\(now 4", half.Text);
    }

    /// <summary>Opens a 4x USDC position for the demo wallet on chain (plain approve path), once per fixture.</summary>
    async Task EnsureDemoPositionAsync()
    {
        // Open a position for the demo wallet the way LeverageEndToEndTests executes it.
        var devnet = fixture.Demo.Devnet;
        var d = devnet.Deployment;
        if (!(await devnet.Rpc.CallAsync(d.Market("USDC").Market, MarketAbi.PreviewDebt, [devnet.DemoWallet]))[0]!.Equals(BigInteger.Zero))
        {
            return;
        }

        var usdc = d.Market("USDC");
        var wallet = devnet.DemoWallet;
        var deposit = 100 * BigInteger.Pow(10, 6);
        await Send(wallet, usdc.Asset, Erc20Abi.Approve, d.DebtManager, deposit);
        await Send(wallet, usdc.Market, Erc20Abi.Approve, d.DebtManager, 400 * BigInteger.Pow(10, 6));
        await Send(wallet, d.DebtManager, DebtManagerAbi.Leverage, usdc.Market, deposit, 4 * Units.Wad);
    }

    async Task Send(Address from, Address to, Ethereum.Abi.AbiFunction function, params object?[] arguments) =>
        await fixture.Demo.Devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));
}
