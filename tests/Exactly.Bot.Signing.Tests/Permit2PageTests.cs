using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Signing.Tests;

/// <summary>The demo chain plus WETH9, whose asset has no EIP-2612 (like WETH on Optimism), listed before the bot starts.</summary>
public sealed class Permit2SigningFixture : SigningFixture
{
    public Devnet.DevnetMarket Weth9 { get; private set; } = null!;

    protected override async Task PrepareAsync(DemoEnvironment demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        Weth9 = await demo.Devnet.AddMarketWithoutPermitAsync();
    }
}

/// <summary>A leverage on an asset without permit, in Chromium: the page shows the Permit2 permit, sends the exact approval, then signs and sends.</summary>
public sealed class Permit2PageTests(Permit2SigningFixture fixture) : IClassFixture<Permit2SigningFixture>
{
    [Fact]
    public async Task Leverage2xWeth9_ThroughPermit2_ApprovesExactly_ShowsWhatIsSigned_AndConfirms()
    {
        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.DemoWallet);
        var permit2 = fixture.Devnet.Deployment.Permit2;
        var before = await fixture.Devnet.BalanceOfAsync(fixture.Weth9.Asset, wallet.Account);
        var (_, link) = await fixture.AskAsync("/leverage 2x WETH9 1");
        var page = await fixture.OpenAsync(link, wallet);

        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#review:not([hidden])", new() { Timeout = 30_000 });
        var permits = await page.InnerTextAsync("#permits");
        Assert.Contains("WETH9 from your wallet through Permit2", permits, StringComparison.Ordinal);
        Assert.Contains($"{permit2} (Permit2) on chain 10", permits, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(Exactly DebtManager)", permits, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT the DebtManager", permits, StringComparison.Ordinal);

        Assert.True(await page.IsDisabledAsync("#sign"), "signing waits for the exact Permit2 approval");
        Assert.Contains("Allow Permit2", await page.InnerTextAsync("#beforesteps"), StringComparison.Ordinal);
        await page.ClickAsync("#beforesteps button");
        await page.WaitForSelectorAsync("#before[data-state='done']", new() { Timeout = 60_000 });
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#send:not([hidden])", new() { Timeout = 30_000 });
        var from = fixture.Output.Text.Length;
        await page.ClickAsync("#sendtx");
        await page.WaitForSelectorAsync("#result[data-state^='Mined']", new() { Timeout = 60_000 });

        var confirmation = await fixture.Output.WaitForAsync(from, "Transaction:");
        Assert.Contains("Done: leverage WETH9", confirmation, StringComparison.Ordinal);
        Assert.Equal(2, wallet.SentTransactions.Count); // approve(Permit2, 1 WETH9), then the DebtManager call
        Assert.Equal(before - Units.Wad, await fixture.Devnet.BalanceOfAsync(fixture.Weth9.Asset, wallet.Account));
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(fixture.Weth9.Asset, Erc20Abi.Allowance, wallet.Account, permit2));
        Assert.InRange(await fixture.ReadAsync(fixture.Weth9.Market, MarketAbi.MaxWithdraw, wallet.Account), (2 * Units.Wad) - 2, 2 * Units.Wad);
    }
}
