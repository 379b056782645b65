using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// A session's status for the page (<c>/status</c>), and the wallet steps AFTER the DebtManager transaction: redeem every
/// remaining share ("withdraw everything"), and clear a share or asset allowance a permit margin left unspent, so the
/// DebtManager keeps none. <c>/followup</c> reports one sent. Each step is built here and simulated before a wallet sees it.
/// </summary>
public sealed class AfterSteps(
    SessionLoader loader,
    SigningSessionLedger ledger,
    SigningSessionStore store,
    PlanResolver plans,
    WalletSteps wallet,
    JsonRpcClient rpc,
    ProtocolDeployment deployment,
    OutcomePoster poster,
    IOptions<SigningOptions> options,
    StatusCache cache)
{
    /// <summary>
    /// The status, the outcome text once settled, and the follow-up steps still to send. Costs no RPC call before the session is
    /// mined, and one per poll after (<see cref="StatusCache"/>) until the chain moves.
    /// </summary>
    public async Task<IResult> StatusAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state is null || !PageAnswers.HoldsPage(state, token))
        {
            return PageAnswers.Refuse(StatusCodes.Status404NotFound, "No session is open in this window.");
        }

        if (state.Parsed != SigningStatus.Mined)
        {
            return Results.Json(await PayloadAsync(state, cancellationToken)); // no chain read before mining
        }

        var key = $"{state.Status}|{state.Outcome}|{await rpc.BlockNumberAsync(cancellationToken)}";
        if (cache.Find(id, key) is not { } payload)
        {
            payload = await PayloadAsync(state, cancellationToken);
            cache.Store(id, key, payload);
        }

        return Results.Json(payload);
    }

    /// <summary>
    /// A follow-up step was sent: checks it is one of the steps built here after the DebtManager transaction (sender, contract,
    /// calldata), then answers with the new status once it is mined (posting the final message when done), or asks the page to
    /// report it again while it is pending. Never waits on the chain: a few reads per request.
    /// </summary>
    public async Task<IResult> DoneAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await loader.LoadAsync(id, allowExpired: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!PageAnswers.HoldsPage(state!, request.Token) || state!.Parsed != SigningStatus.Mined || !ReportedTransaction.IsHash(request.Hash))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This session has no follow-up step waiting.");
        }

        var stored = await plans.ResolveAsync(state.PlanJson!, cancellationToken);
        var plan = plans.ToPlan(stored);
        var (sent, refusal) = await wallet.MinedAsync(request.Hash!, tx => IsStep(plan, tx), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var payload = await PayloadAsync(state, cancellationToken);
        if (payload.FollowUps.Count == 0 && stored.Record.WithdrawAll && state.Outcome?.StartsWith("Withdrawn", StringComparison.Ordinal) != true)
        {
            var market = plan.Operation.Market;
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, Address.Parse(state.Account!), cancellationToken);
            var text = OutcomeText.Withdrawn(market, position, new Uri(options.Value.ExplorerTxUrl, sent!.Hash));
            if (await ledger.NoteAsync(id, request.Token!, text, cancellationToken))
            {
                await poster.PostAsync((await store.FindAsync(id, cancellationToken))!, text, cancellationToken);
                payload = payload with { Outcome = text };
            }
        }

        return Results.Json(payload);
    }

    /// <summary>
    /// True for a step <see cref="PayloadAsync"/> offers after the DebtManager transaction: <c>approve(DebtManager, 0)</c> on the
    /// share market or the asset, or (withdraw everything) <c>Market.redeem(shares, account, account)</c>, whose share count is
    /// the balance at mining time, so only that number may differ from the step built.
    /// </summary>
    public bool IsStep(SigningPlan plan, ReportedTransaction sent)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sent);
        var (op, spender) = (plan.Operation, deployment.DebtManager);
        if (sent.Is(DebtManagerCalls.RevokeShares(op.SharesMarket.Market, spender, op.Account)) || sent.Is(DebtManagerCalls.RevokeShares(op.Market.Asset, spender, op.Account)))
        {
            return true;
        }

        if (!op.WithdrawAll || sent.From != op.Account || sent.To != op.Market.Market || !sent.Value.IsZero || !sent.Input.AsSpan().StartsWith(MarketAbi.Redeem.Selector.Span))
        {
            return false;
        }

        try
        {
            var args = MarketAbi.Redeem.DecodeInput(sent.Input);
            return (Address)args[1]! == op.Account && (Address)args[2]! == op.Account;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or Ethereum.Abi.AbiException)
        {
            return false;
        }
    }

    private async Task<StatusPayload> PayloadAsync(SigningSessionState state, CancellationToken cancellationToken)
    {
        var steps = state.Parsed == SigningStatus.Mined ? await NeededAsync(state.PlanJson!, cancellationToken) : [];
        var (ready, problem) = await wallet.ReadyAsync(steps, cancellationToken);
        return new StatusPayload(state.Status, state.TxHash, state.Outcome, ready, problem);
    }

    /// <summary>The steps a mined session still needs, from the position on chain now.</summary>
    private async Task<List<PlannedStep>> NeededAsync(string planJson, CancellationToken cancellationToken)
    {
        var stored = await plans.ResolveAsync(planJson, cancellationToken);
        var operation = plans.ToPlan(stored).Operation;
        var (market, account, sharesMarket) = (operation.Market, operation.Account, operation.SharesMarket);
        var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, account, cancellationToken);
        var shares = sharesMarket == market ? position : await PositionSnapshot.ReadAsync(rpc, deployment, sharesMarket, account, cancellationToken);
        var steps = new List<PlannedStep>();
        if (stored.Record.WithdrawAll && position.Debt.IsZero && !position.Shares.IsZero)
        {
            steps.Add(new(
                "redeem", $"Withdraw the remaining {Units.Format(position.Deposit, market.Decimals)} {market.Symbol} to your wallet (Market.redeem of every share)",
                DebtManagerCalls.RedeemAll(market.Market, account, position.Shares)));
        }

        if (!shares.ShareAllowance.IsZero)
        {
            steps.Add(new(
                "revoke", $"Clear the {shares.ShareAllowance} {sharesMarket.Symbol} market shares the DebtManager may still spend (the permit's margin; approve 0)",
                DebtManagerCalls.RevokeShares(sharesMarket.Market, deployment.DebtManager, account)));
        }

        if (!position.AssetAllowance.IsZero)
        {
            steps.Add(new(
                "revoke-asset", $"Clear the {Units.Format(position.AssetAllowance, market.Decimals)} {market.Symbol} the DebtManager may still pull (approve 0)",
                DebtManagerCalls.RevokeShares(market.Asset, deployment.DebtManager, account)));
        }

        return steps;
    }
}
