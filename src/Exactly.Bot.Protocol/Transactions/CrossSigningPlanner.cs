using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Plans the permits of a cross-asset operation (0.2.15 <c>crossLeverage</c>/<c>crossDeleverage</c> permit overloads, detected in the
/// DebtManager's bytecode) from a fresh <see cref="CrossQuote"/> for the acting account, read at the quote's block:
/// <list type="bullet">
/// <item><c>crossLeverage</c>: a share permit on <b>marketOut</b> (it borrows there) and an EIP-2612 permit for exactly the deposit of
/// marketIn's asset;</item>
/// <item><c>crossDeleverage</c>: a share permit on <b>marketIn</b> (the collateral sold in the swap and the withdraw leave from it).</item>
/// </list>
/// Share permit value = <c>previewWithdraw(expected + margin)</c>, expected = the quoted swap input (+ the withdraw), margin = the
/// quote's price-limit slippage on the swap + <see cref="SigningPlanner.InterestMarginSeconds"/> of marketOut's floating rate on it.
/// Whatever the margin leaves unspent is cleared by an explicit <c>approve(0)</c> step after the transaction. Then
/// <see cref="PermitGuard"/> checks both markets and every permit.
/// </summary>
public sealed class CrossSigningPlanner(
    JsonRpcClient rpc, ProtocolDeployment deployment, MarketCatalogue catalogue, PermitGuard guard, DebtManagerProbe probe, TimeProvider time)
{
    /// <summary>Plans the permits for <paramref name="quote"/> (its account is the acting account).</summary>
    /// <returns>The checked plan, or a sentence saying why nothing can be signed.</returns>
    /// <exception cref="RpcException">The chain could not be read.</exception>
    public async Task<Outcome<SigningPlan>> PlanAsync(CrossQuote quote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var kind = quote.IsDeleverage ? OperationKind.CrossDeleverage : OperationKind.CrossLeverage;
        var chain = await PlanningSteps.ChainAsync(rpc, deployment, time, cancellationToken).ConfigureAwait(false);
        var chosen = chain.IsSuccess ? await PlanningSteps.ShapeAsync(probe, kind, cancellationToken).ConfigureAwait(false) : null;
        if (!chain.IsSuccess || !chosen!.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(chain.Error ?? chosen!.Error!);
        }

        var listed = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var collateral = listed.FirstOrDefault(m => m.Market == quote.Collateral.Market);
        var borrow = listed.FirstOrDefault(m => m.Market == quote.Borrow.Market);
        if (collateral is null || borrow is null)
        {
            return Outcome<SigningPlan>.Fail($"{(collateral is null ? quote.Collateral.Market : quote.Borrow.Market)} is not a market of the configured Auditor.");
        }

        if (!quote.IsDeleverage && quote.Amount.IsZero)
        {
            return Outcome<SigningPlan>.Fail($"Signing a cross-asset leverage needs a deposit from the wallet (the permit overload pulls one): quote {collateral.Symbol}/{borrow.Symbol} again with an amount to deposit.");
        }

        // The price limit is never looser than the oracle allows, whatever the quote says (a quote built from a pushed pool).
        var limit = CrossQuoter.Limit(quote.SqrtPriceX96, quote.IsDeleverage, collateral, quote.CollateralPrice, borrow, quote.BorrowPrice);
        limit = UniswapPool.IsToken0(quote.IsDeleverage ? collateral.Asset : borrow.Asset, quote.IsDeleverage ? borrow.Asset : collateral.Asset)
            ? BigInteger.Max(limit, quote.SqrtPriceLimitX96) : BigInteger.Min(limit, quote.SqrtPriceLimitX96);
        var op = new Operation(kind, collateral, quote.Account, quote.Amount, quote.Ratio, Cross: new CrossLeg(borrow, quote.Fee, limit, quote.SwapIn, quote.Slippage));
        var shareDomain = await PermitDomains.ReadMarketSharesAsync(rpc, op.SharesMarket, chain.Value, cancellationToken).ConfigureAwait(false);
        if (!shareDomain.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(shareDomain.Error!);
        }

        var block = BlockParameter.Number(quote.Block);
        var r = await rpc.ReadAsync(
            [
                new ContractCall(op.SharesMarket.Market, PermitAbi.Nonces, op.Account),
                new ContractCall(collateral.Asset, Erc20Abi.BalanceOf, op.Account),
            ],
            block,
            cancellationToken).ConfigureAwait(false);
        var (shareNonce, walletBalance) = ((BigInteger)r[0][0]!, (BigInteger)r[1][0]!);
        if (op.Deposits && walletBalance < op.Amount)
        {
            return Outcome<SigningPlan>.Fail($"The wallet holds {Units.Format(walletBalance, collateral.Decimals)} {collateral.Symbol}, less than the {Units.Format(op.Amount, collateral.Decimals)} to deposit.");
        }

        var expected = quote.SwapIn + (quote.IsDeleverage ? quote.Amount : BigInteger.Zero);
        if (expected.Sign <= 0)
        {
            return Outcome<SigningPlan>.Fail("At this ratio nothing would be swapped: the position is already there.");
        }

        var rate = await PlanningSteps.FloatingRateAsync(rpc, borrow.Market, block, cancellationToken).ConfigureAwait(false);
        var margin = PlanningSteps.DivUp(quote.SwapIn * quote.Slippage, Units.Wad) + PlanningSteps.InterestMargin(quote.SwapIn, rate);
        var shares = await PlanningSteps.PreviewWithdrawAsync(rpc, op.SharesMarket.Market, expected + margin, block, cancellationToken).ConfigureAwait(false);
        var deadline = PlanningSteps.Deadline(time);
        var spender = deployment.DebtManager;
        var permits = new List<PermitToSign>
        {
            PermitToSign.Eip2612(PermitRole.MarketShares, op.SharesMarket.Market, new Eip2612Permit(op.Account, spender, shares, shareNonce, deadline), shareDomain.Value!),
        };
        if (op.Deposits)
        {
            // The same deposit planning as same asset (AssetDeposits); the cross Permit2 overload is not signed by this bot yet.
            var deposit = await AssetDeposits.PlanAsync(rpc, deployment, collateral, op.Account, op.Amount, deadline, block, cancellationToken).ConfigureAwait(false);
            if (!deposit.IsSuccess || deposit.Value!.Permit2 is not null)
            {
                return Outcome<SigningPlan>.Fail(deposit.Error ?? $"{collateral.Symbol} has no EIP-2612 permit; cross-asset deposits through Permit2 are not signed by this bot yet.");
            }

            permits.Add(deposit.Value.Permit);
        }

        var plan = new SigningPlan(op, permits, shares, expected, margin, deadline, shareDomain.Value!.VerifyingContract!.Value, quote.Block, chosen.Value);
        return guard.Check(plan, listed);
    }
}
