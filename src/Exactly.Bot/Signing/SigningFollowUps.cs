using System.Numerics;
using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// A session's status for the page, and the explicit wallet steps around the DebtManager transaction. Before it: approve
/// Permit2 for exactly a Permit2 deposit, and enable the collateral market (<c>Auditor.enterMarket</c>, needed by
/// <c>crossLeverage</c> and covered by no permit). After it: redeem every
/// remaining share ("withdraw everything"), and clear a share or asset allowance a permit margin left unspent, so the DebtManager
/// keeps none. Each step is built here (markets from the catalogue, account from the session), never by the page, and simulated
/// before a wallet sees it.
/// </summary>
public sealed partial class SigningFollowUps(
    SigningSessionStore store,
    SigningSessionLedger ledger,
    MarketCatalogue catalogue,
    JsonRpcClient rpc,
    ProtocolDeployment deployment,
    ReceiptWatcher watcher,
    TransactionSimulator simulator,
    IServiceProvider services,
    IOptions<SigningOptions> options,
    StatusCache cache,
    TimeProvider time)
{
    /// <summary>
    /// The status, the outcome text once settled, and the follow-up steps still to send. Costs no RPC call before the session is
    /// mined, and one per poll after (<see cref="StatusCache"/>) until the chain moves.
    /// </summary>
    public async Task<IResult> StatusAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state?.PageToken is null || !SigningFlow.FixedEquals(state.PageToken, token))
        {
            return SigningFlow.Refuse(StatusCodes.Status404NotFound, "No session is open in this window.");
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
        var (_, state, problem) = await SigningFlow.LoadAsync(store, ledger, time, id, allowExpired: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.PageToken is null || !SigningFlow.FixedEquals(state.PageToken, request.Token) || state.Parsed != SigningStatus.Mined || !ReportedTransaction.IsHash(request.Hash))
        {
            return SigningFlow.Refuse(StatusCodes.Status409Conflict, "This session has no follow-up step waiting.");
        }

        var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
        var plan = await PlanAsync(record, cancellationToken);
        var (sent, refusal) = await MinedStepAsync(request.Hash!, tx => IsAfterStep(plan, tx), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var payload = await PayloadAsync(state, cancellationToken);
        if (payload.FollowUps.Count == 0 && record.WithdrawAll && state.Outcome?.StartsWith("Withdrawn", StringComparison.Ordinal) != true)
        {
            var market = plan.Operation.Market;
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, Address.Parse(state.Account!), cancellationToken);
            var text = OutcomeText.Withdrawn(market, position, new Uri(options.Value.ExplorerTxUrl, sent!.Hash));
            if (await ledger.NoteAsync(id, request.Token!, text, cancellationToken))
            {
                await watcher.PostAsync(services, (await store.FindAsync(id, cancellationToken))!, text, cancellationToken);
                payload = payload with { Outcome = text };
            }
        }

        return Results.Json(payload);
    }

    /// <summary>
    /// The wallet steps needed BEFORE the permits are signed and the DebtManager transaction is simulated, still needed on chain now:
    /// a Permit2 deposit's exact <c>asset.approve(Permit2, deposit)</c> while the token's allowance to Permit2 is short, and for
    /// <c>crossLeverage</c> <c>Auditor.enterMarket(marketIn)</c> while the account has not entered it (its <c>accountMarkets</c>
    /// bit is clear). Simulated; empty when nothing is needed; a sentence when a step would revert.
    /// </summary>
    public async Task<(IReadOnlyList<FollowUp> Steps, string? Problem)> BeforeStepsAsync(SigningPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var op = plan.Operation;
        var needed = new List<(string Kind, string Label, TransactionRequest Tx)>();
        foreach (var step in BeforeCandidates(plan))
        {
            var still = step.Kind == "approve"
                ? (BigInteger)(await rpc.CallAsync(op.Market.Asset, Erc20Abi.Allowance, [op.Account, plan.Permit2!.Value], cancellationToken: cancellationToken))[0]! < op.Amount
                : !await MarketEntry.EnteredAsync(rpc, deployment, op.Market, op.Account, cancellationToken);
            if (still)
            {
                needed.Add(step);
            }
        }

        return await ReadyAsync(needed, cancellationToken);
    }

    /// <summary>
    /// A step before the DebtManager transaction was sent: checks the link has not expired and the transaction is one of the steps
    /// built here for the session's plan (sender, contract, calldata), and once it is mined answers with the steps still needed
    /// before signing. A hash the node does not know, or a different transaction, is refused at once; a pending one is reported
    /// again by the page. Never waits on the chain: a few reads per request.
    /// </summary>
    public async Task<IResult> BeforeDoneAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await SigningFlow.LoadAsync(store, ledger, time, id, allowExpired: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.PageToken is null || !SigningFlow.FixedEquals(state.PageToken, request.Token) || state.Parsed != SigningStatus.Opened || !ReportedTransaction.IsHash(request.Hash))
        {
            return SigningFlow.Refuse(StatusCodes.Status409Conflict, "This session has no step waiting before its transaction.");
        }

        var plan = await PlanAsync(JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!, cancellationToken);
        var (_, refusal) = await MinedStepAsync(request.Hash!, tx => BeforeCandidates(plan).Any(c => tx.Is(c.Tx)), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (steps, stepProblem) = await BeforeStepsAsync(plan, cancellationToken);
        return Results.Json(new { before = steps, beforeProblem = stepProblem });
    }

    private async Task<StatusPayload> PayloadAsync(SigningSessionState state, CancellationToken cancellationToken)
    {
        var steps = new List<(string Kind, string Label, TransactionRequest Tx)>();
        if (state.Parsed == SigningStatus.Mined)
        {
            var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
            var operation = (await PlanAsync(record, cancellationToken)).Operation;
            var (market, account) = (operation.Market, operation.Account);
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, account, cancellationToken);
            var sharesMarket = operation.SharesMarket;
            var shares = sharesMarket == market ? position : await PositionSnapshot.ReadAsync(rpc, deployment, sharesMarket, account, cancellationToken);
            if (record.WithdrawAll && position.Debt.IsZero && !position.Shares.IsZero)
            {
                steps.Add((
                    "redeem", $"Withdraw the remaining {Units.Format(position.Deposit, market.Decimals)} {market.Symbol} to your wallet (Market.redeem of every share)",
                    DebtManagerCalls.RedeemAll(market.Market, account, position.Shares)));
            }

            if (!shares.ShareAllowance.IsZero)
            {
                steps.Add((
                    "revoke", $"Clear the {shares.ShareAllowance} {sharesMarket.Symbol} market shares the DebtManager may still spend (the permit's margin; approve 0)",
                    DebtManagerCalls.RevokeShares(sharesMarket.Market, deployment.DebtManager, account)));
            }

            if (!position.AssetAllowance.IsZero)
            {
                steps.Add((
                    "revoke-asset", $"Clear the {Units.Format(position.AssetAllowance, market.Decimals)} {market.Symbol} the DebtManager may still pull (approve 0)",
                    DebtManagerCalls.RevokeShares(market.Asset, deployment.DebtManager, account)));
            }
        }

        var (ready, problem) = await ReadyAsync(steps, cancellationToken);
        return new StatusPayload(state.Status, state.TxHash, state.Outcome, ready, problem);
    }

    private async Task<(IReadOnlyList<FollowUp> Steps, string? Problem)> ReadyAsync(
        IReadOnlyList<(string Kind, string Label, TransactionRequest Tx)> steps, CancellationToken cancellationToken)
    {
        // Like the main transaction, each step is simulated before a wallet sees it, and carries the simulator's gas limit:
        // a wallet's bare estimate runs out of gas when interest accrual makes the mined call costlier than the estimated one.
        var ready = new List<FollowUp>();
        string? problem = null;
        foreach (var (kind, label, tx) in steps)
        {
            var simulated = await simulator.SimulateAsync(tx, cancellationToken);
            if (!simulated.IsSuccess)
            {
                problem = $"The next step ({kind}) is not offered: {simulated.Error}";
                break;
            }

            ready.Add(new FollowUp(kind, label, (tx with { Gas = simulated.Value }).ToJson()));
        }

        return (ready, problem);
    }

    /// <summary>The record's plan with its markets from the catalogue (both, cross asset).</summary>
    private async Task<SigningPlan> PlanAsync(PlanRecord record, CancellationToken cancellationToken)
    {
        var listed = await catalogue.GetMarketsAsync(cancellationToken);
        var borrow = record.BorrowMarket is null ? null : listed.First(m => m.Market.ToString() == record.BorrowMarket);
        return record.ToPlan(listed.First(m => m.Market.ToString() == record.Market), deployment, borrow);
    }

    /// <summary>What the page polls.</summary>
    public sealed record StatusPayload(string Status, string? TxHash, string? Outcome, IReadOnlyList<FollowUp> FollowUps, string? Problem = null);

    /// <summary>A wallet step before or after the main transaction.</summary>
    public sealed record FollowUp(string Kind, string Label, System.Text.Json.Nodes.JsonObject Tx);
}
