using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// The signing planner only asks for signatures for a call the configured DebtManager really has: it picks the permit overloads
/// the implementation's bytecode dispatches (0.2.15's on 0.2.15, the current ones on 0.2.16+), and refuses when it has neither.
/// </summary>
public sealed class SigningGenerationGateTests
{
    public sealed class OnCurrentGeneration(CurrentQuoteFixture fixture) : IClassFixture<CurrentQuoteFixture>
    {
        [Fact]
        public async Task Plan_ForLeverage_UsesTheCurrentOverloads()
        {
            var outcome = await PlanAsync(fixture, OperationKind.Leverage);

            Assert.True(outcome.IsSuccess, outcome.Error);
            Assert.Equal(DebtManagerCallShape.Current, outcome.Value!.Shape);
            Assert.Equal(DebtManagerCurrentAbi.LeverageWithPermits, outcome.Value.Call);
        }

        [Fact]
        public async Task Bytecode_DispatchesTheCurrentOverloads_AndNoneOfThe0215Ones()
        {
            var runtime = await RuntimeAsync(fixture);

            Assert.True(Offers(runtime, DebtManagerCurrentAbi.LeverageWithPermits));
            Assert.True(Offers(runtime, DebtManagerCurrentAbi.DeleverageWithPermit));
            Assert.False(Offers(runtime, DebtManagerPermitAbi.LeverageWithPermits));
            Assert.False(Offers(runtime, DebtManagerPermitAbi.DeleverageWithPermit));
            Assert.False(Offers(runtime, DebtManagerAbi.CrossLeverage));
            Assert.False(Offers(runtime, DebtManagerPermitAbi.CrossLeverageWithPermits));
            Assert.False(Offers(runtime, DebtManagerPermitAbi.CrossDeleverageWithPermit));
            Assert.Null(DebtManagerCurrentAbi.Choose(OperationKind.CrossLeverage, f => Offers(runtime, f)));
            Assert.Null(DebtManagerCurrentAbi.Choose(OperationKind.CrossDeleverage, f => Offers(runtime, f)));
            Assert.Equal(DebtManagerCallShape.Current, DebtManagerCurrentAbi.Choose(OperationKind.Leverage, f => Offers(runtime, f)));
            Assert.Equal(DebtManagerCallShape.Current, DebtManagerCurrentAbi.Choose(OperationKind.Deleverage, f => Offers(runtime, f)));
        }

        [Fact]
        public async Task Choose_WhenTheBytecodeHasNeitherOverload_PlansNothing()
        {
            // The current runtime with its permit selectors blanked: a DebtManager that dispatches neither shape.
            var runtime = await RuntimeAsync(fixture);
            foreach (var f in new[] { DebtManagerCurrentAbi.LeverageWithPermits, DebtManagerCurrentAbi.DeleverageWithPermit })
            {
                byte[] needle = [0x63, .. f.Selector.Span];
                for (var at = runtime.AsSpan().IndexOf(needle); at >= 0; at = runtime.AsSpan().IndexOf(needle))
                {
                    runtime[at + 1] ^= 0xff;
                }
            }

            Assert.Null(DebtManagerCurrentAbi.Choose(OperationKind.Leverage, f => Offers(runtime, f)));
            Assert.Null(DebtManagerCurrentAbi.Choose(OperationKind.Deleverage, f => Offers(runtime, f)));
        }
    }

    public sealed class OnV0215(QuoteFixture fixture) : IClassFixture<QuoteFixture>
    {
        [Fact]
        public async Task Plan_ForLeverage_KeepsThe0215Overloads()
        {
            var outcome = await PlanAsync(fixture, OperationKind.Leverage);

            Assert.True(outcome.IsSuccess, outcome.Error);
            Assert.Equal(DebtManagerCallShape.V0215, outcome.Value!.Shape);
        }

        [Fact]
        public async Task Bytecode_DispatchesNoneOfTheCurrentOverloads()
        {
            var runtime = await RuntimeAsync(fixture);

            Assert.False(Offers(runtime, DebtManagerCurrentAbi.LeverageWithPermits));
            Assert.False(Offers(runtime, DebtManagerCurrentAbi.DeleverageWithPermit));
            Assert.True(Offers(runtime, DebtManagerPermitAbi.LeverageWithPermits));
            Assert.True(Offers(runtime, DebtManagerPermitAbi.CrossLeverageWithPermits));
            Assert.True(Offers(runtime, DebtManagerPermitAbi.CrossDeleverageWithPermit));
            Assert.Equal(DebtManagerCallShape.V0215, DebtManagerCurrentAbi.Choose(OperationKind.CrossLeverage, f => Offers(runtime, f)));
        }
    }

    private static bool Offers(byte[] runtime, AbiFunction function) => DebtManagerProbe.HasSelector(runtime, function.Selector.Span);

    private static async Task<byte[]> RuntimeAsync(QuoteFixture fixture)
    {
        var slot = await fixture.Devnet.Rpc.GetStorageAtAsync(fixture.Deployment.DebtManager, DebtManagerProbe.ImplementationSlot);
        var implementation = new BigInteger(slot, isUnsigned: true, isBigEndian: true).IsZero
            ? fixture.Deployment.DebtManager
            : new Address(slot.AsSpan(slot.Length - 20));
        return await fixture.Devnet.Rpc.GetCodeAsync(implementation);
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
