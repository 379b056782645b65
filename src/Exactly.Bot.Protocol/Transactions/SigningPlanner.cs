using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Decides, from the chain at one block, exactly what to ask the user to sign for an operation: the share permit's value (with
/// PROTOCOL.md's interest margin), the asset permit (= the deposit), nonces, a short deadline, domains verified against
/// <c>DOMAIN_SEPARATOR()</c>, for the permit overloads the DebtManager's bytecode dispatches (<see cref="DebtManagerCallShape"/>:
/// 0.2.15, else the current generation, else nothing); then runs <see cref="PermitGuard"/> over the result.
/// </summary>
public sealed class SigningPlanner(
    JsonRpcClient rpc, ProtocolDeployment deployment, MarketCatalogue catalogue, PermitGuard guard, DebtManagerProbe probe, TimeProvider time)
{
    /// <summary>How long the permits stay valid: 20 minutes (the guard allows at most 30).</summary>
    public static readonly TimeSpan PermitLifetime = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Seconds of floating interest added before converting assets to shares (Exactly's app uses 300 s). On the current
    /// generation the margin is also capped at 0.5 % of the expected assets (half of <c>MAX_ALLOWANCE_SURPLUS</c>).
    /// </summary>
    public const int InterestMarginSeconds = 300;

    /// <summary>Plans the permits for <paramref name="operation"/>.</summary>
    /// <returns>The checked plan, or a sentence saying why nothing can be signed.</returns>
    /// <exception cref="RpcException">The chain could not be read.</exception>
    /// <exception cref="ArgumentException">A cross-asset operation (<see cref="CrossSigningPlanner"/> plans those).</exception>
    public async Task<Outcome<SigningPlan>> PlanAsync(Operation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.IsCross)
        {
            throw new ArgumentException($"{operation.Kind} is planned by {nameof(CrossSigningPlanner)}.", nameof(operation));
        }

        var chain = await PlanningSteps.ChainAsync(rpc, deployment, time, cancellationToken).ConfigureAwait(false);
        var chosen = chain.IsSuccess ? await PlanningSteps.ShapeAsync(probe, operation.Kind, cancellationToken).ConfigureAwait(false) : null;
        if (!chain.IsSuccess || !chosen!.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(chain.Error ?? chosen!.Error!);
        }

        var (chainId, shape) = (chain.Value, chosen.Value);
        var listed = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var market = listed.FirstOrDefault(m => m.Market == operation.Market.Market);
        if (market is null)
        {
            return Outcome<SigningPlan>.Fail($"{operation.Market.Market} is not a market of the configured Auditor.");
        }

        var shareDomain = await PermitDomains.ReadMarketSharesAsync(rpc, market, chainId, cancellationToken).ConfigureAwait(false);
        if (!shareDomain.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(shareDomain.Error!);
        }

        var blockNumber = await rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var block = BlockParameter.Number(blockNumber);
        var held = await ReadAsync(market, operation.Account, block, cancellationToken).ConfigureAwait(false);
        var amounts = await ExpectedAsync(operation, market, held, block, cancellationToken).ConfigureAwait(false);
        if (!amounts.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(amounts.Error!);
        }

        var (expected, extraShares) = amounts.Value;
        var margin = shape == DebtManagerCallShape.Current
            // AllowanceSurplus: at most 1 % of the share permit may stay unused; the margin takes at most half of that.
            ? BigInteger.Min(held.Margin, expected * DebtManagerCurrentAbi.MaxAllowanceSurplus / (2 * Units.Wad))
            : held.Margin;
        var shares = await PlanningSteps.PreviewWithdrawAsync(rpc, market.Market, expected + margin, block, cancellationToken).ConfigureAwait(false);
        var deadline = PlanningSteps.Deadline(time);
        var sharePermit = PermitToSign.Eip2612(
            PermitRole.MarketShares, market.Market, new Eip2612Permit(operation.Account, deployment.DebtManager, shares + extraShares, held.ShareNonce, deadline), shareDomain.Value!);
        var deposit = operation.Kind == OperationKind.Leverage
            ? await DepositAsync(operation, market, shape, deadline, block, cancellationToken).ConfigureAwait(false)
            : Outcome<AssetDeposit?>.Ok(null);
        if (!deposit.IsSuccess)
        {
            return Outcome<SigningPlan>.Fail(deposit.Error!);
        }

        List<PermitToSign> permits = deposit.Value is { } d ? [sharePermit, d.Permit] : [sharePermit];
        var plan = new SigningPlan(
            operation with { Market = market }, permits, shares + extraShares, expected, margin, deadline,
            shareDomain.Value!.VerifyingContract!.Value, blockNumber, shape, deposit.Value?.Permit2, deposit.Value?.Approval);
        return guard.Check(plan, listed);
    }

    /// <summary>What the account holds in the market at <paramref name="block"/>, and the interest margin its debt needs.</summary>
    private async Task<Holdings> ReadAsync(MarketInfo market, Address account, BlockParameter block, CancellationToken cancellationToken)
    {
        var r = await rpc.ReadAsync(
            [
                new ContractCall(market.Market, MarketAbi.MaxWithdraw, account),
                new ContractCall(market.Market, MarketAbi.Accounts, account),
                new ContractCall(market.Market, PermitAbi.Nonces, account),
                new ContractCall(market.Asset, Erc20Abi.BalanceOf, account),
            ],
            block,
            cancellationToken).ConfigureAwait(false);
        var debt = (BigInteger)(await rpc.CallAsync(market.Market, MarketAbi.PreviewRefund, [(BigInteger)r[1][2]!], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        var rate = await PlanningSteps.FloatingRateAsync(rpc, market.Market, block, cancellationToken).ConfigureAwait(false);
        return new Holdings((BigInteger)r[0][0]!, debt, (BigInteger)r[2][0]!, (BigInteger)r[3][0]!, PlanningSteps.InterestMargin(debt, rate));
    }

    /// <summary>
    /// The assets the DebtManager will move (borrowed for leverage, repaid for deleverage) and, for a deleverage that withdraws,
    /// the extra shares the withdrawal burns; or why nothing can be planned.
    /// </summary>
    private async Task<Outcome<(BigInteger Expected, BigInteger ExtraShares)>> ExpectedAsync(
        Operation operation, MarketInfo market, Holdings held, BlockParameter block, CancellationToken cancellationToken)
    {
        var (collateral, debt) = (held.Collateral, held.Debt);
        if (operation.Kind == OperationKind.Leverage)
        {
            if (held.WalletBalance < operation.Amount)
            {
                return Outcome<(BigInteger, BigInteger)>.Fail($"The wallet holds {Units.Format(held.WalletBalance, market.Decimals)} {market.Symbol}, less than the {Units.Format(operation.Amount, market.Decimals)} to deposit.");
            }

            // DebtManager.noTransferLeverage: target = (collateral + deposit − debt)·ratio (down); borrow = target − collateral − deposit.
            var borrow = ((collateral + operation.Amount - debt) * operation.Ratio / Units.Wad) - collateral - operation.Amount;
            return borrow.Sign <= 0
                ? Outcome<(BigInteger, BigInteger)>.Fail("At this ratio nothing would be borrowed: the position is already there.")
                : Outcome<(BigInteger, BigInteger)>.Ok((borrow, BigInteger.Zero));
        }

        if (debt.IsZero)
        {
            return Outcome<(BigInteger, BigInteger)>.Fail("There is no debt to repay in this market, so there is nothing to deleverage.");
        }

        var withdraw = operation.WithdrawAll ? BigInteger.Zero : operation.Amount;
        // DebtManager.deleverage: collateral' = maxWithdraw − withdraw; repaid = collateral' − (collateral' − debt)·ratio (down).
        var left = collateral - withdraw;
        if (left < debt)
        {
            return Outcome<(BigInteger, BigInteger)>.Fail($"Withdrawing {Units.Format(withdraw, market.Decimals)} {market.Symbol} would leave less than the debt.");
        }

        var extraShares = withdraw.IsZero ? BigInteger.Zero : await PlanningSteps.PreviewWithdrawAsync(rpc, market.Market, withdraw, block, cancellationToken).ConfigureAwait(false);
        return Outcome<(BigInteger, BigInteger)>.Ok((left - ((left - debt) * operation.Ratio / Units.Wad), extraShares));
    }

    /// <summary>The deposit's permit: EIP-2612 when the asset has it, else Permit2 (<see cref="AssetDeposits"/>), whose overload the DebtManager must dispatch too.</summary>
    private async Task<Outcome<AssetDeposit?>> DepositAsync(
        Operation operation, MarketInfo market, DebtManagerCallShape shape, BigInteger deadline, BlockParameter block, CancellationToken cancellationToken)
    {
        var planned = await AssetDeposits.PlanAsync(rpc, deployment, market, operation.Account, operation.Amount, deadline, block, cancellationToken).ConfigureAwait(false);
        if (!planned.IsSuccess)
        {
            return Outcome<AssetDeposit?>.Fail(planned.Error!);
        }

        var deposit = planned.Value!;
        return deposit.Permit2 is not null && !await probe.OffersAsync(DebtManagerPermit2Calls.For(shape), cancellationToken).ConfigureAwait(false)
            ? Outcome<AssetDeposit?>.Fail($"{market.Symbol} needs Permit2, but the configured DebtManager has no {DebtManagerPermit2Calls.For(shape).Signature}; nothing will be signed.")
            : Outcome<AssetDeposit?>.Ok(deposit);
    }

    /// <summary>The account's position at the planning block.</summary>
    private sealed record Holdings(BigInteger Collateral, BigInteger Debt, BigInteger ShareNonce, BigInteger WalletBalance, BigInteger Margin);
}
