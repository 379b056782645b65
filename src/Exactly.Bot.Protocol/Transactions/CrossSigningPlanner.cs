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

        var op = ToOperation(quote, kind, collateral, borrow);
        var shareDomain = await PermitDomains.ReadMarketSharesAsync(rpc, op.SharesMarket, chain.Value, cancellationToken).ConfigureAwait(false);
        if (!shareDomain.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(shareDomain.Error!);
        }

        var block = BlockParameter.Number(quote.Block);
        var (shareNonce, walletBalance) = await NonceAndBalanceAsync(op, block, cancellationToken).ConfigureAwait(false);
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
        var sharePermit = PermitToSign.Eip2612(
            PermitRole.MarketShares, op.SharesMarket.Market, new Eip2612Permit(op.Account, deployment.DebtManager, shares, shareNonce, deadline), shareDomain.Value!);
        var permits = op.Deposits ? await WithDepositAsync(op, sharePermit, deadline, block, cancellationToken).ConfigureAwait(false) : Outcome<List<PermitToSign>>.Ok([sharePermit]);
        if (!permits.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(permits.Error!);
        }

        var plan = new SigningPlan(op, permits.Value!, shares, expected, margin, deadline, shareDomain.Value!.VerifyingContract!.Value, quote.Block, chosen.Value);
        return guard.Check(plan, listed);
    }

    /// <summary>The share market's permit nonce of the account and its wallet balance of the collateral asset, at <paramref name="block"/>.</summary>
    private async Task<(BigInteger ShareNonce, BigInteger WalletBalance)> NonceAndBalanceAsync(Operation op, BlockParameter block, CancellationToken cancellationToken)
    {
        var r = await rpc.ReadAsync(
            [
                new ContractCall(op.SharesMarket.Market, PermitAbi.Nonces, op.Account),
                new ContractCall(op.Market.Asset, Erc20Abi.BalanceOf, op.Account),
            ],
            block,
            cancellationToken).ConfigureAwait(false);
        return ((BigInteger)r[0][0]!, (BigInteger)r[1][0]!);
    }

    /// <summary>The operation the quote describes, its swap's price limit never looser than the oracle allows, whatever the quote says (a quote built from a pushed pool).</summary>
    private static Operation ToOperation(CrossQuote quote, OperationKind kind, MarketInfo collateral, MarketInfo borrow)
    {
        var limit = CrossQuoter.Limit(quote.SqrtPriceX96, quote.IsDeleverage, collateral, quote.CollateralPrice, borrow, quote.BorrowPrice);
        limit = UniswapPool.IsToken0(quote.IsDeleverage ? collateral.Asset : borrow.Asset, quote.IsDeleverage ? borrow.Asset : collateral.Asset)
            ? BigInteger.Max(limit, quote.SqrtPriceLimitX96) : BigInteger.Min(limit, quote.SqrtPriceLimitX96);
        return new Operation(kind, collateral, quote.Account, quote.Amount, quote.Ratio, Cross: new CrossLeg(borrow, quote.Fee, limit, quote.SwapIn, quote.Slippage));
    }

    /// <summary>The share permit and the deposit's: the same deposit planning as same asset (<see cref="AssetDeposits"/>); the cross Permit2 overload is not signed by this bot yet.</summary>
    private async Task<Outcome<List<PermitToSign>>> WithDepositAsync(Operation op, PermitToSign sharePermit, BigInteger deadline, BlockParameter block, CancellationToken cancellationToken)
    {
        var collateral = op.Market;
        var deposit = await AssetDeposits.PlanAsync(rpc, deployment, collateral, op.Account, op.Amount, deadline, block, cancellationToken).ConfigureAwait(false);
        return !deposit.IsSuccess || deposit.Value!.Permit2 is not null
            ? Outcome<List<PermitToSign>>.Fail(deposit.Error ?? $"{collateral.Symbol} has no EIP-2612 permit; cross-asset deposits through Permit2 are not signed by this bot yet.")
            : Outcome<List<PermitToSign>>.Ok([sharePermit, deposit.Value.Permit]);
    }
}
