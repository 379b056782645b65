using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// PermitGuard's rules on a 0.2.15 plan made by the planner from the devnet, one rule broken per case, and PermitDomains
/// against the real contracts (share domain = Market implementation from the EIP-1967 slot, name "", version "1").
/// </summary>
public sealed class PermitGuardV0215Tests(QuoteFixture fixture) : IClassFixture<QuoteFixture>
{
    private static readonly byte[] DemoKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly BigInteger Usdc = BigInteger.Pow(10, 6);
    private static readonly BigInteger Unlimited = BigInteger.Pow(2, 256) - 1;

    [Fact]
    public async Task TheUntamperedPlan_PassesAndItsTransactionToo()
    {
        var (plan, guard, now) = await PlanAsync();
        Assert.Equal(DebtManagerCallShape.V0215, plan.Shape);
        Assert.True(guard.Check(plan, await fixture.Catalogue.GetMarketsAsync()).IsSuccess);
        Assert.True(guard.CheckTransaction(Transaction(plan), plan).IsSuccess);
        Assert.InRange((long)plan.Deadline - now, 1, (long)PermitGuard.MaxDeadline.TotalSeconds);
    }

    [Theory]
    [InlineData("unlisted market", "is not a market of the configured Auditor")]
    [InlineData("spender is not the DebtManager", "is not the configured DebtManager")]
    [InlineData("share domain on another chain", "not the configured chain")]
    [InlineData("asset domain on another chain", "not the configured chain")]
    [InlineData("share permit verified by the proxy", "verified by")]
    [InlineData("asset permit verified by another token", "verified by")]
    [InlineData("share value differs from borrowAssets", "must be for")]
    [InlineData("asset value differs from the deposit", "must be for")]
    [InlineData("unlimited asset value", "must be for")]
    [InlineData("deadline beyond 30 minutes", "at most 30 minutes away")]
    [InlineData("deadline already past", "in the future")]
    [InlineData("owner is not the account", "is not the acting account")]
    [InlineData("share domain named like the token", "name \"\", version \"1\"")]
    public async Task APlanBreakingOneRule_IsRefusedBeforeSigning(string rule, string sentence)
    {
        var (plan, guard, now) = await PlanAsync();
        var listed = await fixture.Catalogue.GetMarketsAsync();
        var share = plan.Permits[0];
        var asset = plan.Permits[1];
        var market = plan.Operation.Market;
        var other = fixture.Devnet.Deployment.Market("WETH");
        var stranger = fixture.Devnet.Lender;
        var tampered = rule switch
        {
            "unlisted market" => plan with { Operation = plan.Operation with { Market = market with { Market = stranger } } },
            "spender is not the DebtManager" => With(plan, 1, Rebuild(asset, spender: stranger)),
            "share domain on another chain" => With(plan, 0, Rebuild(share, domain: share.TypedData.Domain with { ChainId = 1 })),
            "asset domain on another chain" => With(plan, 1, Rebuild(asset, domain: asset.TypedData.Domain with { ChainId = 1 })),
            "share permit verified by the proxy" => With(plan, 0, Rebuild(share, domain: share.TypedData.Domain with { VerifyingContract = market.Market })),
            "asset permit verified by another token" => With(plan, 1, Rebuild(asset, domain: asset.TypedData.Domain with { VerifyingContract = other.Asset })),
            "share value differs from borrowAssets" => With(plan, 0, Rebuild(share, value: plan.SharePermitValue + 1)),
            "asset value differs from the deposit" => With(plan, 1, Rebuild(asset, value: plan.Operation.Amount + 1)),
            "unlimited asset value" => With(plan, 1, Rebuild(asset, value: Unlimited)),
            "deadline beyond 30 minutes" => Deadline(plan, now + (long)PermitGuard.MaxDeadline.TotalSeconds + 1),
            "deadline already past" => Deadline(plan, now),
            "owner is not the account" => With(plan, 1, Rebuild(asset, owner: stranger)),
            "share domain named like the token" => With(plan, 0, Rebuild(share, domain: share.TypedData.Domain with { Name = "exaUSDC" })),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        var outcome = guard.Check(tampered, listed);

        Assert.False(outcome.IsSuccess, rule);
        Assert.StartsWith("Refused before signing:", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(sentence, outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another market")]
    [InlineData("another deposit")]
    [InlineData("another ratio")]
    [InlineData("another borrowAssets")]
    [InlineData("another spender contract")]
    [InlineData("from another account")]
    public async Task ATransactionDifferentFromThePlan_IsRefused(string change)
    {
        var (plan, guard, _) = await PlanAsync();
        var op = plan.Operation;
        var signed = Sign(plan);
        var args = (market: op.Market.Market, deposit: op.Amount, ratio: op.Ratio, borrow: plan.SharePermitValue);
        var to = fixture.Deployment.DebtManager;
        var from = op.Account;
        switch (change)
        {
            case "another market": args.market = fixture.Devnet.Deployment.Market("WETH").Market; break;
            case "another deposit": args.deposit += 1; break;
            case "another ratio": args.ratio += 1; break;
            case "another borrowAssets": args.borrow *= 2; break;
            case "another spender contract": to = fixture.Devnet.Lender; break;
            case "from another account": from = fixture.Devnet.Lender; break;
        }

        var tx = new TransactionRequest(
            to, DebtManagerPermitAbi.LeverageWithPermits.Encode(args.market, args.deposit, args.ratio, args.borrow, signed[0].ToAbiTuple(), signed[1].ToAbiTuple()), from);
        var outcome = guard.CheckTransaction(tx, plan);

        Assert.False(outcome.IsSuccess, change);
        Assert.StartsWith("Refused", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-10, false)] // the chain runs 10 minutes ahead of the bot: permits dated by the bot would expire early
    [InlineData(-4, true)]
    [InlineData(30, true)] // the chain's latest block is old (an idle devnet): the next block takes the current time
    public async Task ThePlanner_RefusesWhenTheChainsClockRunsAheadOfTheBots(int botMinutesFromChain, bool planned)
    {
        var chainNow = await fixture.Devnet.TimestampAsync();
        var time = ChainClock.At(chainNow + (botMinutesFromChain * 60));
        var planner = new SigningPlanner(fixture.Devnet.Rpc, fixture.Deployment, fixture.Catalogue, new PermitGuard(fixture.Deployment, time), fixture.Probe, time);

        var outcome = await planner.PlanAsync(
            new Operation(OperationKind.Leverage, await fixture.MarketAsync("USDC"), fixture.Devnet.DemoWallet, 100 * Usdc, 3 * Units.Wad));

        Assert.Equal(planned, outcome.IsSuccess);
        if (!planned)
        {
            Assert.Contains("runs 10 minutes ahead of this bot's", outcome.Error, StringComparison.Ordinal);
            Assert.Contains("nothing will be signed", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MarketSharesDomain_IsTheImplementationNamedEmptyVersion1_AndEqualsDomainSeparator()
    {
        var market = await fixture.MarketAsync("USDC");
        var devnetMarket = fixture.Devnet.Deployment.Market("USDC");

        var outcome = await PermitDomains.ReadMarketSharesAsync(fixture.Devnet.Rpc, market, fixture.Deployment.ChainId);

        Assert.True(outcome.IsSuccess, outcome.Error);
        var domain = outcome.Value!;
        Assert.Equal(devnetMarket.Implementation, domain.VerifyingContract);
        Assert.NotEqual(market.Market, domain.VerifyingContract);
        Assert.Equal(string.Empty, domain.Name);
        Assert.Equal("1", domain.Version);
        var onChain = (byte[])(await fixture.Devnet.Rpc.CallAsync(market.Market, PermitAbi.DomainSeparator, []))[0]!;
        Assert.Equal(Hex.Encode(onChain), Hex.Encode(domain.Separator()));
        // The proxy as verifying contract, or the token's name, would be signed for nothing: neither matches.
        Assert.False(PermitDomains.Matches(domain with { VerifyingContract = market.Market }, onChain));
        Assert.False(PermitDomains.Matches(domain with { Name = "exaUSDC" }, onChain));
    }

    [Fact]
    public async Task MarketSharesDomain_OnAnotherChainId_IsRefusedWithASentence()
    {
        var market = await fixture.MarketAsync("USDC");

        var outcome = await PermitDomains.ReadMarketSharesAsync(fixture.Devnet.Rpc, market, chainId: 1);

        Assert.False(outcome.IsSuccess);
        Assert.Contains("does not match its DOMAIN_SEPARATOR()", outcome.Error, StringComparison.Ordinal);
        Assert.EndsWith("nothing will be signed.", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarketSharesDomain_WhenTheProxyPointsElsewhere_IsRefusedWithASentence()
    {
        var market = await fixture.MarketAsync("USDC");
        await fixture.OnSnapshotAsync(async () =>
        {
            // The EIP-1967 slot now names the USDC token: the proxy's DOMAIN_SEPARATOR() is the token's, not {"" , "1", chain, implementation}.
            var slot = Hex.FromBigInteger(PermitAbi.ImplementationSlot);
            var word = "0x" + market.Asset.ToLowerHex()[2..].PadLeft(64, '0');
            await fixture.Devnet.Rpc.RequestAsync("anvil_setStorageAt", [EthMethods.Json(market.Market.ToLowerHex()), EthMethods.Json(slot), EthMethods.Json(word)]);

            var outcome = await PermitDomains.ReadMarketSharesAsync(fixture.Devnet.Rpc, market, fixture.Deployment.ChainId);

            Assert.False(outcome.IsSuccess);
            Assert.Contains("does not match its DOMAIN_SEPARATOR()", outcome.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AssetDomain_IsTheTokensNameAndAddress_AndOnAnotherChainIsRefused()
    {
        var market = await fixture.MarketAsync("USDC");

        var ok = await PermitDomains.ReadAssetAsync(fixture.Devnet.Rpc, market, fixture.Deployment.ChainId);
        var wrongChain = await PermitDomains.ReadAssetAsync(fixture.Devnet.Rpc, market, chainId: 1);

        Assert.True(ok.IsSuccess, ok.Error);
        Assert.Equal(market.Asset, ok.Value!.VerifyingContract);
        Assert.Equal("USD Coin", ok.Value.Name);
        Assert.False(wrongChain.IsSuccess);
        Assert.Contains("does not match its DOMAIN_SEPARATOR()", wrongChain.Error, StringComparison.Ordinal);
    }

    private async Task<(SigningPlan Plan, PermitGuard Guard, long Now)> PlanAsync()
    {
        var now = await fixture.Devnet.TimestampAsync();
        var (plan, guard) = await fixture.PlanAsync(
            new Operation(OperationKind.Leverage, await fixture.MarketAsync("USDC"), fixture.Devnet.DemoWallet, 100 * Usdc, 3 * Units.Wad));
        return (plan, guard, now);
    }

    private static PermitToSign Rebuild(PermitToSign p, Address? owner = null, Address? spender = null, BigInteger? value = null, BigInteger? deadline = null, Eip712Domain? domain = null) =>
        PermitToSign.Eip2612(p.Role, p.Token, new Eip2612Permit(
            owner ?? p.Owner, spender ?? p.Spender, value ?? p.Value, (BigInteger)p.TypedData.Message["nonce"]!, deadline ?? p.Deadline), domain ?? p.TypedData.Domain);

    private static SigningPlan With(SigningPlan plan, int index, PermitToSign permit)
    {
        var permits = plan.Permits.ToList();
        permits[index] = permit;
        return plan with { Permits = permits };
    }

    private static SigningPlan Deadline(SigningPlan plan, BigInteger deadline) =>
        plan with { Deadline = deadline, Permits = plan.Permits.Select(p => Rebuild(p, deadline: deadline)).ToList() };

    private static SignedPermit[] Sign(SigningPlan plan) =>
        plan.Permits.Select(p => new SignedPermit(plan.Operation.Account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();

    private TransactionRequest Transaction(SigningPlan plan)
    {
        var signed = Sign(plan);
        return DebtManagerCalls.Leverage(fixture.Deployment.DebtManager, plan, signed[0], signed[1]);
    }
}
