using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// The signing planner only asks for signatures for a call the configured DebtManager really has: the 0.2.15 permit
/// overloads it builds exist on a 0.2.15 DebtManager and not on the current generation, whatever appsettings.json says.
/// </summary>
public sealed class SigningGenerationGateTests
{
    public sealed class OnCurrentGeneration(CurrentQuoteFixture fixture) : IClassFixture<CurrentQuoteFixture>
    {
        [Theory]
        [InlineData(OperationKind.Leverage, "leverage(address,uint256,uint256,uint256,")]
        [InlineData(OperationKind.Deleverage, "deleverage(address,uint256,uint256,uint256,")]
        public async Task Plan_ForACallTheDebtManagerLacks_IsRefusedBeforeAnythingIsSigned(OperationKind kind, string missingCall)
        {
            var outcome = await PlanAsync(fixture, kind);

            Assert.False(outcome.IsSuccess);
            Assert.Contains(missingCall, outcome.Error, StringComparison.Ordinal);
            Assert.Contains("0.2.16+", outcome.Error, StringComparison.Ordinal);
            Assert.Contains("nothing will be signed", outcome.Error, StringComparison.Ordinal);
        }
    }

    public sealed class OnV0215(QuoteFixture fixture) : IClassFixture<QuoteFixture>
    {
        [Fact]
        public async Task Plan_ForLeverage_PassesTheGate() =>
            Assert.True((await PlanAsync(fixture, OperationKind.Leverage)).IsSuccess);
    }

    private static async Task<Outcome<SigningPlan>> PlanAsync(QuoteFixture fixture, OperationKind kind)
    {
        var market = await fixture.MarketAsync("USDC");
        var planner = new SigningPlanner(
            fixture.Devnet.Rpc, fixture.Deployment, fixture.Catalogue, new PermitGuard(fixture.Deployment, TimeProvider.System), fixture.Probe, TimeProvider.System);
        var usdc = BigInteger.Pow(10, 6);
        return await planner.PlanAsync(new Operation(kind, market, fixture.Devnet.DemoWallet, 100 * usdc, 3 * Units.Wad));
    }
}
