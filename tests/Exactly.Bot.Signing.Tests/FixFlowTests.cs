using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exactly.Bot.Signing.Tests;

/// <summary>An alert's fix link, signed on the page in Chromium, brings the wallet back above its target on chain.</summary>
public sealed class FixFlowTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private static readonly BigInteger Target = Units.Wad * 3 / 2;

    [Fact]
    public async Task FixLink_WalletAt115_SignedOnThePage_LeavesHealthAboveTheTargetOnChain()
    {
        // A 3.57x USDC position (health factor ~1.15), opened through the page like any user would.
        var wallet = await fixture.FundedWalletAsync(5);
        var lever = await fixture.AskAsAsync(5, "/leverage 3.57x USDC 100");
        Assert.False(lever.IsError, lever.Text);
        await Flow.RunAsync(await fixture.OpenAsync(lever.Links[0].Url, wallet), screenshots: null);

        using var scope = fixture.App.Services.CreateScope();
        var services = scope.ServiceProvider;
        var block = await BlockHeader.ReadAsync(fixture.Rpc);
        var position = (await ActivatorUtilities.CreateInstance<PositionReader>(services).ReadAsync(wallet.Account, block))!;
        Assert.InRange(position.HealthFactor!.Value, Units.Wad * 114 / 100, Units.Wad * 116 / 100);

        var fix = await ActivatorUtilities.CreateInstance<FixQuoter>(services).QuoteAsync(position, Target);
        Assert.True(fix.IsSuccess, fix.Error);
        var owner = new SessionOwner("console", "console", "user5", "alert-" + Guid.NewGuid().ToString("N"));
        var session = (await services.GetRequiredService<SigningLinks>().ForFixAsync(owner, fix.Value!, CancellationToken.None))!;
        var alert = AlertText.Entered(
            new AlertContext(position, "Main", AlertThresholds.Default, LiquidationPrices.For(position), [], new AlertFix(fix, session.Url.ToString(), session.ExpiresAt)),
            HealthTier.Danger);
        output.WriteLine(alert);
        Assert.Contains(session.Url.ToString(), alert, StringComparison.Ordinal);

        var from = fixture.Output.Text.Length;
        var page = await fixture.OpenAsync(session.Url, wallet);
        await Flow.RunAsync(page, screenshots: null);
        await fixture.Output.WaitForAsync(from, "Done: deleverage USDC");

        var liquidity = await fixture.Rpc.CallAsync(fixture.Devnet.Deployment.Auditor, AuditorAbi.AccountLiquidity, [wallet.Account, Address.Zero, BigInteger.Zero]);
        var (collateral, debt) = ((BigInteger)liquidity[0]!, (BigInteger)liquidity[1]!);
        output.WriteLine($"health factor on chain after the fix: {collateral * Units.Wad / debt}");
        Assert.True(collateral * Units.Wad >= Target * debt, $"health factor {collateral * Units.Wad / debt} is below the target");
    }
}
