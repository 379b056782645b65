using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// Signing on the current DebtManager generation (0.2.24 artifacts): plan → sign with the dev key → build → guard → simulate →
/// send, on a real chain, with the <c>AllowanceSurplus</c> rule enforced by the contract itself.
/// </summary>
public sealed class CurrentGenerationSigningTests(CurrentQuoteFixture fixture, ITestOutputHelper output) : IClassFixture<CurrentQuoteFixture>
{
    /// <summary>anvil's account #1 (the devnet's demo wallet).</summary>
    private static readonly byte[] DemoKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly BigInteger Usdc = BigInteger.Pow(10, 6);

    [Fact]
    public async Task LeverageThreeTimes_ThenBackToOne_SettlesExactlyWithinTheSurplusRule()
    {
        var market = await fixture.MarketAsync("USDC");
        var account = fixture.Devnet.DemoWallet;
        Assert.Equal(account, Secp256k1.AddressOf(DemoKey));
        await fixture.Devnet.MintAsync(market.Asset, account, 100 * Usdc);
        var before = await SnapshotAsync(market);

        var lever = await PlanAndSendAsync(new Operation(OperationKind.Leverage, market, account, 100 * Usdc, 3 * Units.Wad));
        var levered = await SnapshotAsync(market);
        Assert.InRange(levered.Deposit - before.Deposit, (300 * Usdc) - 2, 300 * Usdc);
        Assert.Equal(200 * Usdc, levered.Debt - before.Debt);
        Assert.Equal(BigInteger.Zero, levered.AssetAllowance);
        Report("leverage", lever.Plan, lever.GasUsed, lever.GasLimit, levered);
        Assert.True(levered.ShareAllowance * Units.Wad <= lever.Plan.SharePermitValue * DebtManagerCurrentAbi.MaxAllowanceSurplus);

        // A day of interest, so the deleverage's margin is not zero.
        await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromDays(1));
        var unwind = await PlanAndSendAsync(new Operation(OperationKind.Deleverage, market, account, BigInteger.Zero, Units.Wad));
        var unwound = await SnapshotAsync(market);
        Assert.Equal(BigInteger.Zero, unwound.Debt);
        Assert.InRange(unwound.Deposit, 99 * Usdc, 100 * Usdc);
        Assert.Equal(BigInteger.Zero, unwound.AssetAllowance);
        Report("deleverage", unwind.Plan, unwind.GasUsed, unwind.GasLimit, unwound);
        Assert.True(unwind.Plan.InterestMargin.Sign > 0);
        Assert.True(unwound.ShareAllowance * Units.Wad <= unwind.Plan.SharePermitValue * DebtManagerCurrentAbi.MaxAllowanceSurplus);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APermitValueChangedByMoreThanOnePercent_IsRefusedBeforeSending(bool sharePermit)
    {
        var market = await fixture.MarketAsync("USDC");
        var account = fixture.Devnet.DemoWallet;
        await fixture.Devnet.MintAsync(market.Asset, account, 100 * Usdc);
        var (plan, guard) = await fixture.PlanAsync(new Operation(OperationKind.Leverage, market, account, 100 * Usdc, 3 * Units.Wad));
        var signed = plan.Permits.Select(p => new SignedPermit(account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
        Assert.True(guard.CheckTransaction(DebtManagerCalls.Leverage(fixture.Deployment.DebtManager, plan, signed[0], signed[1]), plan).IsSuccess);

        var share = sharePermit ? plan.SharePermitValue * 102 / 100 : plan.SharePermitValue;
        var asset = sharePermit ? plan.Operation.Amount : plan.Operation.Amount * 102 / 100;
        var tampered = new TransactionRequest(
            fixture.Deployment.DebtManager,
            DebtManagerCurrentAbi.LeverageWithPermits.Encode(market.Market, plan.Operation.Ratio, signed[0].ToAbiTuple(share), signed[1].ToAbiTuple(asset)),
            account);

        var outcome = guard.CheckTransaction(tampered, plan);
        Assert.False(outcome.IsSuccess);
        Assert.StartsWith("Refused", outcome.Error, StringComparison.Ordinal);

        // The same change made to the plan itself (what the page would be asked to sign) is refused before signing.
        var permits = plan.Permits.ToList();
        var index = sharePermit ? 0 : 1;
        var p = permits[index];
        permits[index] = PermitToSign.Eip2612(p.Role, p.Token, new Ethereum.Eip712.Eip2612Permit(
            account, p.Spender, sharePermit ? share : asset, (BigInteger)p.TypedData.Message["nonce"]!, p.Deadline), p.TypedData.Domain);
        Assert.False(guard.Check(plan with { Permits = permits }, await fixture.Catalogue.GetMarketsAsync()).IsSuccess);
    }

    [Fact]
    public async Task ASharePermitTwoPercentTooLarge_RevertsAllowanceSurplusOnChain()
    {
        var market = await fixture.MarketAsync("USDC");
        var account = fixture.Devnet.DemoWallet;
        await fixture.Devnet.MintAsync(market.Asset, account, 100 * Usdc);
        var (plan, _) = await fixture.PlanAsync(new Operation(OperationKind.Leverage, market, account, 100 * Usdc, 3 * Units.Wad));
        var share = plan.Permits[0];
        var inflated = plan.SharePermitValue * 102 / 100;
        var permits = plan.Permits.ToList();
        permits[0] = PermitToSign.Eip2612(share.Role, share.Token, new Ethereum.Eip712.Eip2612Permit(
            account, share.Spender, inflated, (BigInteger)share.TypedData.Message["nonce"]!, share.Deadline), share.TypedData.Domain);
        var wide = plan with { Permits = permits, SharePermitValue = inflated };
        var signed = wide.Permits.Select(p => new SignedPermit(account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();

        var simulated = await new TransactionSimulator(fixture.Devnet.Rpc).SimulateAsync(
            DebtManagerCalls.Leverage(fixture.Deployment.DebtManager, wide, signed[0], signed[1]));

        Assert.False(simulated.IsSuccess);
        Assert.Contains("AllowanceSurplus()", simulated.Error, StringComparison.Ordinal);
    }

    private async Task<(SigningPlan Plan, long GasUsed, BigInteger GasLimit)> PlanAndSendAsync(Operation operation)
    {
        var (plan, guard) = await fixture.PlanAsync(operation);
        Assert.Equal(DebtManagerCallShape.Current, plan.Shape);
        var signed = plan.Permits.Select(p => new SignedPermit(operation.Account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
        var transaction = operation.Kind == OperationKind.Leverage
            ? DebtManagerCalls.Leverage(fixture.Deployment.DebtManager, plan, signed[0], signed[1])
            : DebtManagerCalls.Deleverage(fixture.Deployment.DebtManager, plan, signed[0]);
        Assert.True(guard.CheckTransaction(transaction, plan).IsSuccess);
        var simulated = await new TransactionSimulator(fixture.Devnet.Rpc).SimulateAsync(transaction);
        Assert.True(simulated.IsSuccess, simulated.Error);

        // A minute passes between signing and mining, as with a real wallet.
        await fixture.Devnet.IncreaseTimeAsync(TimeSpan.FromMinutes(1));
        var receipt = await fixture.Devnet.SendAsync(transaction with { Gas = simulated.Value });
        Assert.True(receipt.Succeeded);
        return (plan, receipt.GasUsed, simulated.Value);
    }


    private Task<PositionSnapshot> SnapshotAsync(MarketInfo market) =>
        PositionSnapshot.ReadAsync(fixture.Devnet.Rpc, fixture.Deployment, market, fixture.Devnet.DemoWallet);

    private void Report(string step, SigningPlan plan, long gasUsed, BigInteger gasLimit, PositionSnapshot after) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{step}: gas {gasUsed} (limit {gasLimit}); expected {plan.ExpectedAssets} + margin {plan.InterestMargin} assets; share permit {plan.SharePermitValue}; " +
            $"left: share allowance {after.ShareAllowance} ({(double)after.ShareAllowance / (double)plan.SharePermitValue:P6} of the permit), asset allowance {after.AssetAllowance}; " +
            $"deposit {after.Deposit}, debt {after.Debt}"));
}
