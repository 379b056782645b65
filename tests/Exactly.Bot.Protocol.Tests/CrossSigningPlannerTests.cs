using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// Cross-asset signing on the same 0.2.15 devnet as the quotes (a partial of <see cref="CrossAssetQuoteTests"/>: no second devnet):
/// plan → sign with the dev key → guard → simulate → send, for crossLeverage and crossDeleverage, and the refusals.
/// </summary>
public sealed partial class CrossAssetQuoteTests
{
    /// <summary>anvil's account #1 (the devnet's demo wallet).</summary>
    static readonly byte[] DemoKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    [Fact]
    public async Task CrossPlan_APoolPushedAwayFromTheOracle_CannotWidenThePriceLimitBeyondTheOraclesOnePercent()
    {
        var account = fixture.Devnet.DemoWallet;
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        var (planner, _) = await fixture.CrossPlannerAsync();
        var quote = (await fixture.Cross.QuoteAsync(account, usdc, weth, 1_000 * Usdc, 2 * Wad, deleverage: false)).Value!;

        // As if the pool had been pushed 36 % away from the oracle, in the direction the swap (selling WETH) pays for.
        var zeroForOne = UniswapPool.IsToken0(weth.Asset, usdc.Asset);
        var pushed = zeroForOne ? quote.SqrtPriceX96 * 8 / 10 : quote.SqrtPriceX96 * 12 / 10;
        var outcome = await planner.PlanAsync(quote with { SqrtPriceX96 = pushed, SqrtPriceLimitX96 = UniswapPool.PriceLimit(pushed, zeroForOne, quote.Slippage) });
        Assert.True(outcome.IsSuccess, outcome.Error);

        // The oracle's price as the pool states it (token1 raw units per token0 raw unit, WAD), from the feeds the quote read.
        var (p0, d0, p1, d1) = zeroForOne
            ? (quote.BorrowPrice, weth.Decimals, quote.CollateralPrice, usdc.Decimals)
            : (quote.CollateralPrice, usdc.Decimals, quote.BorrowPrice, weth.Decimals);
        var oracle = p0 * BigInteger.Pow(10, d1) * Wad / (p1 * BigInteger.Pow(10, d0));
        var limit = UniswapPool.PriceWad(outcome.Value!.Operation.Cross!.SqrtPriceLimitX96);
        if (zeroForOne)
        {
            Assert.InRange(limit, oracle * 9_899 / 10_000, oracle);
        }
        else
        {
            Assert.InRange(limit, oracle, oracle * 10_101 / 10_000);
        }
    }

    [Fact]
    public async Task CrossPlan_Leverage2xThenBackTo1x_SignedPermitsExecute_EnterMarketFirst_AndOnlyTheMarginIsLeftToRevoke()
    {
        var account = fixture.Devnet.DemoWallet;
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        var (planner, guard) = await fixture.CrossPlannerAsync();
        var quote = (await fixture.Cross.QuoteAsync(account, usdc, weth, 1_000 * Usdc, 2 * Wad, deleverage: false)).Value!;
        var outcome = await planner.PlanAsync(quote);
        Assert.True(outcome.IsSuccess, outcome.Error);
        var plan = outcome.Value!;

        // Share permit on marketOut (WETH: it borrows there), asset permit for exactly the deposit of marketIn's asset.
        Assert.Equal(DebtManagerPermitAbi.CrossLeverageWithPermits, plan.Call);
        Assert.Equal([weth.Market, usdc.Asset], plan.Permits.Select(p => p.Token));
        Assert.Equal(1_000 * Usdc, plan.Permits[1].Value);
        Assert.Equal(quote.SwapIn, plan.ExpectedAssets);
        Assert.True(plan.InterestMargin >= quote.SwapIn / 100, "the margin covers the 1 % price limit");
        Assert.Equal(await fixture.ReadAsync(weth.Market, MarketAbi.PreviewWithdraw, plan.ExpectedAssets + plan.InterestMargin), plan.SharePermitValue);
        Assert.All(plan.Permits, p => Assert.Equal(fixture.Deployment.DebtManager, p.Spender));

        var tx = Sign(plan, guard);
        var refused = await new TransactionSimulator(fixture.Devnet.Rpc).SimulateAsync(tx);
        Assert.Contains("InsufficientAccountLiquidity", refused.Error, StringComparison.Ordinal);
        var enter = await fixture.Devnet.SendAsync(DebtManagerCalls.EnterMarket(fixture.Deployment.Auditor, usdc.Market, account));
        Assert.True(await MarketEntry.EnteredAsync(fixture.Devnet.Rpc, fixture.Deployment, usdc, account));
        var lever = await fixture.Devnet.SendAsync(tx);
        output.WriteLine($"gas: enterMarket {enter.GasUsed}, crossLeverage with permits {lever.GasUsed}");

        var deposit = await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account);
        var debt = await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, account);
        Assert.InRange(deposit - quote.DepositBefore, quote.DepositAfter - quote.DepositBefore - 1, quote.DepositAfter - quote.DepositBefore);
        Assert.InRange(debt, quote.BorrowAfter, quote.BorrowAfter + (quote.BorrowAfter / 100_000));
        var leftShares = await fixture.ReadAsync(weth.Market, Erc20Abi.Allowance, account, fixture.Deployment.DebtManager);
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(usdc.Asset, Erc20Abi.Allowance, account, fixture.Deployment.DebtManager));
        Assert.InRange(leftShares, BigInteger.One, await fixture.ReadAsync(weth.Market, MarketAbi.PreviewWithdraw, plan.InterestMargin) + 1);
        await fixture.Devnet.SendAsync(DebtManagerCalls.RevokeShares(weth.Market, fixture.Deployment.DebtManager, account));
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(weth.Market, Erc20Abi.Allowance, account, fixture.Deployment.DebtManager));

        var back = (await fixture.Cross.QuoteAsync(account, usdc, weth, BigInteger.Zero, Wad, deleverage: true)).Value!;
        var unwind = (await planner.PlanAsync(back)).Value!;
        Assert.Equal(DebtManagerPermitAbi.CrossDeleverageWithPermit, unwind.Call);
        Assert.Equal(usdc.Market, Assert.Single(unwind.Permits).Token);
        var down = await fixture.Devnet.SendAsync(Sign(unwind, guard));
        output.WriteLine($"gas: crossDeleverage with permit {down.GasUsed}; deposit left {await fixture.ReadAsync(usdc.Market, MarketAbi.MaxWithdraw, account)}");
        Assert.Equal(BigInteger.Zero, await fixture.ReadAsync(weth.Market, MarketAbi.PreviewDebt, account));
    }

    [Fact]
    public async Task CrossPlan_SwappedOrUnlistedMarkets_OrAChangedPermitValue_AreRefused()
    {
        var account = fixture.Devnet.DemoWallet;
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        var (planner, guard) = await fixture.CrossPlannerAsync();
        var quote = (await fixture.Cross.QuoteAsync(account, usdc, weth, 100 * Usdc, 2 * Wad, deleverage: false)).Value!;
        var plan = (await planner.PlanAsync(quote)).Value!;
        var listed = await fixture.Catalogue.GetMarketsAsync();
        var signed = plan.Permits.Select(p => new SignedPermit(account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
        var leg = plan.Operation.Cross!;

        // The calldata with marketIn and marketOut swapped: refused before simulation.
        var swapped = new TransactionRequest(fixture.Deployment.DebtManager, DebtManagerPermitAbi.CrossLeverageWithPermits.Encode(
            weth.Market, usdc.Market, new BigInteger(leg.Fee), plan.Operation.Amount, plan.Operation.Ratio, leg.SqrtPriceLimitX96, plan.SharePermitValue,
            signed[0].ToAbiTuple(), signed[1].ToAbiTuple()), account);
        Assert.StartsWith("Refused", guard.CheckTransaction(swapped, plan).Error, StringComparison.Ordinal);

        // A marketOut the configured Auditor does not list (the 2023 exploit's fake market).
        var fake = weth with { Market = fixture.Devnet.Accounts[9] };
        Assert.Contains("is not a market of the configured Auditor", guard.Check(plan with { Operation = plan.Operation with { Cross = leg with { Borrow = fake } } }, listed).Error, StringComparison.Ordinal);
        Assert.Contains("is not a market of the configured Auditor", (await planner.PlanAsync(quote with { Borrow = fake })).Error, StringComparison.Ordinal);

        // The same market on both sides, and a share permit on the wrong market (marketIn instead of marketOut).
        Assert.Contains("two different markets", guard.Check(plan with { Operation = plan.Operation with { Cross = leg with { Borrow = usdc } } }, listed).Error, StringComparison.Ordinal);
        var wrongMarket = plan.Permits.ToList();
        wrongMarket[0] = PermitToSign.Eip2612(PermitRole.MarketShares, usdc.Market, Eip2612(plan.Permits[0], plan.SharePermitValue), plan.Permits[0].TypedData.Domain);
        Assert.StartsWith("Refused before signing: the MarketShares permit must be for", guard.Check(plan with { Permits = wrongMarket }, listed).Error, StringComparison.Ordinal);

        // A share permit value other than the call's borrowAssets.
        var bigger = plan.Permits.ToList();
        bigger[0] = PermitToSign.Eip2612(PermitRole.MarketShares, weth.Market, Eip2612(plan.Permits[0], plan.SharePermitValue * 2), plan.Permits[0].TypedData.Domain);
        Assert.False(guard.Check(plan with { Permits = bigger }, listed).IsSuccess);
        Assert.True(guard.Check(plan, listed).IsSuccess);
    }

    TransactionRequest Sign(SigningPlan plan, PermitGuard guard)
    {
        var signed = plan.Permits.Select(p => new SignedPermit(plan.Operation.Account, p.Deadline, Secp256k1.Sign(p.Digest(), DemoKey))).ToArray();
        var tx = DebtManagerCalls.For(fixture.Deployment.DebtManager, plan, signed);
        var checkedTx = guard.CheckTransaction(tx, plan);
        Assert.True(checkedTx.IsSuccess, checkedTx.Error);
        return tx;
    }

    static Eip2612Permit Eip2612(PermitToSign p, BigInteger value) =>
        new(p.Owner, p.Spender, value, (BigInteger)p.TypedData.Message["nonce"]!, p.Deadline);
}
