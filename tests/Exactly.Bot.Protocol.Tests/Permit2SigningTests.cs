using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>A 0.2.15 devnet with real Permit2 and one more market, WETH9, whose asset has no EIP-2612 (like WETH on Optimism).</summary>
public sealed class Permit2Fixture : QuoteFixture
{
    public DevnetMarket Weth9 { get; private set; } = null!;

    protected override async Task PrepareAsync(Devnet.Devnet devnet)
    {
        ArgumentNullException.ThrowIfNull(devnet);
        Weth9 = await devnet.AddMarketWithoutPermitAsync();
    }
}

/// <summary>
/// Leverage on an asset without EIP-2612 goes through the Permit2 the DebtManager was built with, and really executes:
/// approve(Permit2, exact deposit) → Permit2 <c>PermitTransferFrom</c> signed with the dev key → the 0.2.15 Permit2 overload,
/// guarded and simulated first. Refusals: Permit2 without code, Permit2 whose domain does not match, and tampered permits.
/// </summary>
public sealed class Permit2SigningTests(Permit2Fixture fixture) : IClassFixture<Permit2Fixture>
{
    private static readonly byte[] DemoKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    [Fact]
    public async Task TheDevnetsPermit2_IsTheRealContract_AtTheAddressTheDebtManagerReads()
    {
        var read = await AssetDeposits.ReadPermit2Async(fixture.Devnet.Rpc, fixture.Deployment);
        Assert.True(read.IsSuccess, read.Error);
        Assert.Equal(fixture.Devnet.Deployment.Permit2, read.Value);
        Assert.NotEqual(Permit2TransferFrom.CanonicalPermit2, read.Value);
        var weth9 = await MarketAsync();
        Assert.Equal(fixture.Weth9.Asset, weth9.Asset);
        await Assert.ThrowsAsync<RevertException>(() => fixture.Devnet.Rpc.CallAsync(weth9.Asset, PermitAbi.DomainSeparator, []));
    }

    [Fact]
    public async Task Leverage_OnAnAssetWithoutPermit_ApprovesPermit2Exactly_ThenExecutesThePermit2Overload()
    {
        var market = await MarketAsync();
        var account = fixture.Devnet.DemoWallet;
        var deposit = Units.Wad / 2;
        var (plan, guard) = await fixture.PlanAsync(new Operation(OperationKind.Leverage, market, account, deposit, 2 * Units.Wad));

        Assert.Equal(fixture.Devnet.Deployment.Permit2, plan.Permit2);
        Assert.Equal(PermitRole.AssetPermit2, plan.Permits[1].Role);
        Assert.Equal(DebtManagerPermit2Calls.For(DebtManagerCallShape.V0215), plan.Call);
        var approval = Assert.IsType<TransactionRequest>(plan.Permit2Approval);
        Assert.Equal(market.Asset, approval.To);
        Assert.Equal(Erc20Abi.Approve.Encode(plan.Permit2!.Value, deposit), approval.Data);

        await fixture.OnSnapshotAsync(async () =>
        {
            await fixture.Devnet.SendAsync(approval);
            // With the allowance in place, a new plan asks for no approval.
            var (again, _) = await fixture.PlanAsync(plan.Operation);
            Assert.Null(again.Permit2Approval);

            var signed = plan.Permits.Select(p => new SignedPermit(account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
            var transaction = DebtManagerCalls.Leverage(fixture.Deployment.DebtManager, plan, signed[0], signed[1]);
            Assert.True(guard.CheckTransaction(transaction, plan).IsSuccess);
            var simulated = await new TransactionSimulator(fixture.Devnet.Rpc).SimulateAsync(transaction);
            Assert.True(simulated.IsSuccess, simulated.Error);

            var walletBefore = await fixture.Devnet.BalanceOfAsync(market.Asset, account);
            var receipt = await fixture.Devnet.SendAsync(transaction with { Gas = simulated.Value });

            Assert.True(receipt.Succeeded);
            var position = await PositionSnapshot.ReadAsync(fixture.Devnet.Rpc, fixture.Deployment, market, account);
            Assert.Equal(walletBefore - deposit, await fixture.Devnet.BalanceOfAsync(market.Asset, account));
            Assert.InRange(position.Deposit, (2 * deposit) - 2, 2 * deposit);
            Assert.Equal(deposit, position.Debt);
            Assert.Equal(BigInteger.Zero, await ReadAsync(market.Asset, Erc20Abi.Allowance, account, plan.Permit2!.Value));

            // The signature is spent: Permit2's nonce bitmap refuses it a second time.
            Assert.False((await new TransactionSimulator(fixture.Devnet.Rpc).SimulateAsync(transaction)).IsSuccess);
        });
    }

    [Fact]
    public Task Permit2WithoutCode_IsRefusedWithASentence() =>
        RefusedWithPermit2CodeAsync([], "has no code");

    [Fact]
    public async Task Permit2WhoseDomainSeparatorDiffers_IsRefusedWithASentence() =>
        // USDC's runtime (a solmate token: its own DOMAIN_SEPARATOR()) where Permit2 should be.
        await RefusedWithPermit2CodeAsync(await fixture.Devnet.Rpc.GetCodeAsync(fixture.Devnet.Deployment.Market("USDC").Asset), "DOMAIN_SEPARATOR()");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Permit2_TheDebtManagerNamesAnotherThanTheConfiguredOne_NothingIsSignedOrApproved(bool configured)
    {
        // What a lying RPC can do: answer permit2() with another address. The plan must follow configuration, not the answer.
        var deployment = fixture.Deployment with { Permit2 = configured ? Permit2TransferFrom.CanonicalPermit2 : null };
        var time = ChainClock.At(await fixture.Devnet.TimestampAsync());
        var guard = new PermitGuard(deployment, time);
        var planner = new SigningPlanner(fixture.Devnet.Rpc, deployment, fixture.Catalogue, guard, fixture.Probe, time);

        var outcome = await planner.PlanAsync(new Operation(OperationKind.Leverage, await MarketAsync(), fixture.Devnet.DemoWallet, Units.Wad / 4, 2 * Units.Wad));

        Assert.False(outcome.IsSuccess);
        Assert.Contains(configured ? $"not the configured Permit2 {Permit2TransferFrom.CanonicalPermit2}" : "no Permit2 is configured", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("nothing will be signed", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_RefusesPermit2PermitsThatSayAnythingElse()
    {
        var market = await MarketAsync();
        var account = fixture.Devnet.DemoWallet;
        var (plan, guard) = await fixture.PlanAsync(new Operation(OperationKind.Leverage, market, account, Units.Wad / 4, 2 * Units.Wad));
        var listed = await fixture.Catalogue.GetMarketsAsync();
        var p = plan.Permits[1];
        var nonce = (BigInteger)p.TypedData.Message["nonce"]!;
        PermitToSign With(Permit2TransferFrom transfer, long chainId, Address permit2) =>
            p with { TypedData = transfer.ToTypedData(chainId, permit2) };
        var exact = new Permit2TransferFrom(market.Asset, p.Value, fixture.Deployment.DebtManager, nonce, p.Deadline);
        var unlimited = BigInteger.Pow(2, 256) - 1;
        var tampered = new (string Why, SigningPlan Plan)[]
        {
            ("canonical Permit2 instead of DebtManager.permit2()", plan with { Permits = [plan.Permits[0], With(exact, 10, Permit2TransferFrom.CanonicalPermit2)] }),
            ("another chain", plan with { Permits = [plan.Permits[0], With(exact, 1, plan.Permit2!.Value)] }),
            ("another nonce", plan with { Permits = [plan.Permits[0], With(exact with { Nonce = nonce + 1 }, 10, plan.Permit2!.Value)] }),
            ("another spender", plan with { Permits = [plan.Permits[0], With(exact with { Spender = account }, 10, plan.Permit2!.Value)] }),
            ("unlimited amount", plan with { Permits = [plan.Permits[0], p with { Value = unlimited, TypedData = (exact with { Amount = unlimited }).ToTypedData(10, plan.Permit2!.Value) }] }),
            ("another token", plan with { Permits = [plan.Permits[0], With(exact with { Token = fixture.Devnet.Deployment.Market("USDC").Asset }, 10, plan.Permit2!.Value)] }),
            ("a long deadline", plan with { Permits = [plan.Permits[0], Permit2Permits.ForDebtManager(account, market.Asset, p.Value, p.Deadline + 3600, fixture.Deployment.DebtManager, 10, plan.Permit2!.Value)] }),
            ("unlimited approval", plan with { Permit2Approval = new TransactionRequest(market.Asset, Erc20Abi.Approve.Encode(plan.Permit2!.Value, unlimited), account) }),
            ("approval to the DebtManager", plan with { Permit2Approval = new TransactionRequest(market.Asset, Erc20Abi.Approve.Encode(fixture.Deployment.DebtManager, p.Value), account) }),
            ("no checked Permit2", plan with { Permit2 = null }),
            ("a consistent plan through a Permit2 other than the configured one", plan with
            {
                Permit2 = Permit2TransferFrom.CanonicalPermit2,
                Permits = [plan.Permits[0], With(exact, 10, Permit2TransferFrom.CanonicalPermit2)],
                Permit2Approval = new TransactionRequest(market.Asset, Erc20Abi.Approve.Encode(Permit2TransferFrom.CanonicalPermit2, p.Value), account),
            }),
        };

        Assert.True(guard.Check(plan, listed).IsSuccess);
        foreach (var (why, bad) in tampered)
        {
            var outcome = guard.Check(bad, listed);
            Assert.False(outcome.IsSuccess, why);
            Assert.StartsWith("Refused before signing:", outcome.Error, StringComparison.Ordinal);
        }
    }

    private async Task<MarketInfo> MarketAsync() => (await fixture.Catalogue.FindAsync("WETH9"))!;

    /// <summary>With <paramref name="runtime"/> at the DebtManager's Permit2, a WETH9 leverage is refused with a sentence naming the problem.</summary>
    private Task RefusedWithPermit2CodeAsync(byte[] runtime, string problem) => fixture.OnSnapshotAsync(async () =>
    {
        await fixture.Devnet.Rpc.RequestAsync("anvil_setCode", [EthMethods.Json(fixture.Devnet.Deployment.Permit2.ToLowerHex()), EthMethods.Json(Hex.Encode(runtime))]);
        var (outcome, _) = await fixture.PlanOutcomeAsync(new Operation(OperationKind.Leverage, await MarketAsync(), fixture.Devnet.DemoWallet, Units.Wad / 4, 2 * Units.Wad));
        Assert.False(outcome.IsSuccess);
        Assert.Contains(problem, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("nothing will be signed", outcome.Error, StringComparison.Ordinal);
    });

    private async Task<BigInteger> ReadAsync(Address to, Ethereum.Abi.AbiFunction function, params object?[] arguments) =>
        (BigInteger)(await fixture.Devnet.Rpc.CallAsync(to, function, arguments))[0]!;
}
