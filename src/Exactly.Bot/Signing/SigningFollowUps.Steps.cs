using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>The steps around the DebtManager transaction, and the checks a reported step's hash must pass.</summary>
public sealed partial class SigningFollowUps
{
    /// <summary>Every step <paramref name="plan"/> may need before signing, needed on chain or not: what a reported step must be.</summary>
    private IEnumerable<(string Kind, string Label, TransactionRequest Tx)> BeforeCandidates(SigningPlan plan)
    {
        var op = plan.Operation;
        var (market, amount) = (op.Market, Units.Format(op.Amount, op.Market.Decimals));
        // Only the configured Permit2 is ever offered an approval (the plan's is checked against it; this holds without the guard too).
        if (plan.Permit2 is { } permit2 && permit2 == deployment.Permit2 && op.Kind == OperationKind.Leverage)
        {
            yield return ("approve", $"Allow Permit2 ({permit2}) to move exactly {amount} {market.Symbol} ({market.Symbol} has no permit of its own; approve, not unlimited)",
                AssetDeposits.Permit2Approval(market.Asset, permit2, op.Amount, op.Account));
        }

        if (op.Kind == OperationKind.CrossLeverage)
        {
            var b = op.Cross!.Borrow.Symbol;
            yield return ("enterMarket", $"Enable {market.Symbol} as collateral (Auditor.enterMarket): lets your {market.Symbol} deposit back a {b} borrow. One transaction; it moves no funds and grants no allowance",
                DebtManagerCalls.EnterMarket(deployment.Auditor, market.Market, op.Account));
        }
    }

    /// <summary>
    /// The reported step once the node knows it, it is one this bot built (<paramref name="planned"/>) and it was mined
    /// successfully; else the answer to give: 404 unknown (the page retries), 400 not a planned step, 202 pending (the page
    /// retries), 422 reverted. Two reads at most.
    /// </summary>
    private async Task<(ReportedTransaction? Sent, IResult? Refusal)> MinedStepAsync(string hash, Func<ReportedTransaction, bool> planned, CancellationToken cancellationToken)
    {
        var sent = await ReportedTransaction.FindAsync(rpc, hash, cancellationToken);
        if (sent is null)
        {
            return (null, SigningFlow.NotKnownYet(hash));
        }

        if (!planned(sent))
        {
            return (null, SigningFlow.Refuse(StatusCodes.Status400BadRequest, "That transaction is not the step prepared for this link (sender, contract or calldata differ); it is not counted."));
        }

        var receipt = sent.BlockNumber is null ? null : await rpc.GetTransactionReceiptAsync(hash, cancellationToken);
        if (receipt is null)
        {
            return (null, Results.Json(new { pending = $"Transaction {hash} is not mined yet; checked again in a moment.", retry = true }, statusCode: StatusCodes.Status202Accepted));
        }

        return receipt.Succeeded
            ? (sent, null)
            : (null, SigningFlow.Refuse(StatusCodes.Status422UnprocessableEntity, $"The step's transaction {hash} reverted; send it again."));
    }

    /// <summary>
    /// True for a step <see cref="PayloadAsync"/> offers after the DebtManager transaction: <c>approve(DebtManager, 0)</c> on the
    /// share market or the asset, or (withdraw everything) <c>Market.redeem(shares, account, account)</c>, whose share count is
    /// the balance at mining time, so only that number may differ from the step built.
    /// </summary>
    private bool IsAfterStep(SigningPlan plan, ReportedTransaction sent)
    {
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

    /// <summary>
    /// True when <paramref name="tx"/> is what this session may send now: a step before signing (opened), its DebtManager
    /// transaction (signed), or a follow-up step (mined), each exactly as built here for the session's account.
    /// </summary>
    internal async Task<bool> IsPlannedAsync(SigningSessionState state, ReportedTransaction tx, CancellationToken cancellationToken)
    {
        if (state.PlanJson is null || state.Account is null)
        {
            return false;
        }

        var plan = await PlanAsync(System.Text.Json.JsonSerializer.Deserialize<PlanRecord>(state.PlanJson)!, cancellationToken);
        return state.Parsed switch
        {
            SigningStatus.Opened => BeforeCandidates(plan).Any(c => tx.Is(c.Tx)),
            SigningStatus.Signed => tx.IsCall(Address.Parse(state.Account), deployment.DebtManager, state.CallHash),
            SigningStatus.Mined => IsAfterStep(plan, tx),
            _ => false,
        };
    }

    /// <summary>The typed data of the permits the session's plan asks to sign (what the page shows), or none before it opens.</summary>
    internal async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> PermitsAsync(SigningSessionState state, CancellationToken cancellationToken) =>
        state.PlanJson is null
            ? []
            : (await PlanAsync(System.Text.Json.JsonSerializer.Deserialize<PlanRecord>(state.PlanJson)!, cancellationToken)).Permits.Select(p => p.TypedData.ToJson()).ToList();
}
