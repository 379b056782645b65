using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The wallet steps BEFORE the permits are signed: approve Permit2 for exactly a Permit2 deposit, and enable the collateral
/// market (<c>Auditor.enterMarket</c>, needed by <c>crossLeverage</c> and covered by no permit). Built here (markets from the
/// plan, account from the session), never by the page, and simulated before a wallet sees them. <c>/before</c> reports one sent.
/// </summary>
public sealed class BeforeSteps(SessionLoader loader, PlanResolver plans, WalletSteps wallet, JsonRpcClient rpc, ProtocolDeployment deployment)
{
    /// <summary>
    /// The steps still needed on chain now: a Permit2 deposit's exact <c>asset.approve(Permit2, deposit)</c> while the token's
    /// allowance to Permit2 is short, and for <c>crossLeverage</c> <c>Auditor.enterMarket(marketIn)</c> while the account has not
    /// entered it (its <c>accountMarkets</c> bit is clear). Simulated; empty when nothing is needed; a sentence when a step would revert.
    /// </summary>
    public async Task<(IReadOnlyList<FollowUp> Steps, string? Problem)> NeededAsync(SigningPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var op = plan.Operation;
        var needed = new List<PlannedStep>();
        foreach (var step in Candidates(plan))
        {
            var still = step.Kind == "approve"
                ? (BigInteger)(await rpc.CallAsync(op.Market.Asset, Erc20Abi.Allowance, [op.Account, plan.Permit2!.Value], cancellationToken: cancellationToken))[0]! < op.Amount
                : !await MarketEntry.EnteredAsync(rpc, deployment, op.Market, op.Account, cancellationToken);
            if (still)
            {
                needed.Add(step);
            }
        }

        return await wallet.ReadyAsync(needed, cancellationToken);
    }

    /// <summary>
    /// A step before the DebtManager transaction was sent: checks the link has not expired and the transaction is one of the steps
    /// built here for the session's plan (sender, contract, calldata), and once it is mined answers with the steps still needed
    /// before signing. A hash the node does not know, or a different transaction, is refused at once; a pending one is reported
    /// again by the page. Never waits on the chain: a few reads per request.
    /// </summary>
    public async Task<IResult> DoneAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await loader.LoadAsync(id, allowExpired: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!PageAnswers.HoldsPage(state!, request.Token) || state!.Parsed != SigningStatus.Opened || !ReportedTransaction.IsHash(request.Hash))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This session has no step waiting before its transaction.");
        }

        var plan = await plans.PlanAsync(state.PlanJson!, cancellationToken);
        var (_, refusal) = await wallet.MinedAsync(request.Hash!, tx => IsCandidate(plan, tx), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (steps, stepProblem) = await NeededAsync(plan, cancellationToken);
        return Results.Json(new { before = steps, beforeProblem = stepProblem });
    }

    /// <summary>True when <paramref name="sent"/> is one of the steps <paramref name="plan"/> may need before signing.</summary>
    public bool IsCandidate(SigningPlan plan, ReportedTransaction sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return Candidates(plan).Any(c => sent.Is(c.Tx));
    }

    /// <summary>Every step <paramref name="plan"/> may need before signing, needed on chain or not: what a reported step must be.</summary>
    private IEnumerable<PlannedStep> Candidates(SigningPlan plan)
    {
        var op = plan.Operation;
        var (market, amount) = (op.Market, Units.Format(op.Amount, op.Market.Decimals));
        // Only the configured Permit2 is ever offered an approval (the plan's is checked against it; this holds without the guard too).
        if (plan.Permit2 is { } permit2 && permit2 == deployment.Permit2 && op.Kind == OperationKind.Leverage)
        {
            yield return new("approve", $"Allow Permit2 ({permit2}) to move exactly {amount} {market.Symbol} ({market.Symbol} has no permit of its own; approve, not unlimited)",
                AssetDeposits.Permit2Approval(market.Asset, permit2, op.Amount, op.Account));
        }

        if (op.Kind == OperationKind.CrossLeverage)
        {
            var b = op.Cross!.Borrow.Symbol;
            yield return new("enterMarket", $"Enable {market.Symbol} as collateral (Auditor.enterMarket): lets your {market.Symbol} deposit back a {b} borrow. One transaction; it moves no funds and grants no allowance",
                DebtManagerCalls.EnterMarket(deployment.Auditor, market.Market, op.Account));
        }
    }
}
