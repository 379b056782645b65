using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>What the page polls.</summary>
/// <param name="Status">The session's status (<see cref="SigningStatus"/> name).</param>
/// <param name="TxHash">The DebtManager transaction's hash once reported.</param>
/// <param name="Outcome">The outcome text once settled.</param>
/// <param name="FollowUps">Wallet steps still to send after the transaction.</param>
/// <param name="Problem">Why a next step is not offered (its simulation reverted), else null.</param>
public sealed record StatusPayload(string Status, string? TxHash, string? Outcome, IReadOnlyList<FollowUp> FollowUps, string? Problem = null);

/// <summary>A wallet step before or after the main transaction, ready for the wallet.</summary>
/// <param name="Kind"><c>approve</c>, <c>enterMarket</c>, <c>redeem</c>, <c>revoke</c>, <c>revoke-asset</c>.</param>
/// <param name="Label">What the step does, in a sentence.</param>
/// <param name="Tx">The transaction, with the simulator's gas limit.</param>
public sealed record FollowUp(string Kind, string Label, System.Text.Json.Nodes.JsonObject Tx);

/// <summary>A wallet step as built, before simulation.</summary>
/// <param name="Kind">See <see cref="FollowUp.Kind"/>.</param>
/// <param name="Label">See <see cref="FollowUp.Label"/>.</param>
/// <param name="Tx">The transaction.</param>
public sealed record PlannedStep(string Kind, string Label, TransactionRequest Tx);

/// <summary>
/// What the steps around the DebtManager transaction share: each is simulated before a wallet sees it, and a reported step
/// counts only once the node shows it is one built here and mined.
/// </summary>
public sealed class WalletSteps(JsonRpcClient rpc, TransactionSimulator simulator)
{
    /// <summary>
    /// The steps with the simulator's gas limit, up to the first whose simulation reverts (its reason as the problem): a
    /// wallet's bare estimate runs out of gas when interest accrual makes the mined call costlier than the estimated one.
    /// </summary>
    public async Task<(IReadOnlyList<FollowUp> Steps, string? Problem)> ReadyAsync(IReadOnlyList<PlannedStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
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

    /// <summary>
    /// The reported step once the node knows it, it is one this bot built (<paramref name="planned"/>) and it was mined
    /// successfully; else the answer to give: 404 unknown (the page retries), 400 not a planned step, 202 pending (the page
    /// retries), 422 reverted. Two reads at most.
    /// </summary>
    public async Task<(ReportedTransaction? Sent, IResult? Refusal)> MinedAsync(string hash, Func<ReportedTransaction, bool> planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var sent = await ReportedTransaction.FindAsync(rpc, hash, cancellationToken);
        if (sent is null)
        {
            return (null, PageAnswers.NotKnownYet(hash));
        }

        if (!planned(sent))
        {
            return (null, PageAnswers.Refuse(StatusCodes.Status400BadRequest, "That transaction is not the step prepared for this link (sender, contract or calldata differ); it is not counted."));
        }

        var receipt = sent.BlockNumber is null ? null : await rpc.GetTransactionReceiptAsync(hash, cancellationToken);
        if (receipt is null)
        {
            return (null, Results.Json(new { pending = $"Transaction {hash} is not mined yet; checked again in a moment.", retry = true }, statusCode: StatusCodes.Status202Accepted));
        }

        return receipt.Succeeded
            ? (sent, null)
            : (null, PageAnswers.Refuse(StatusCodes.Status422UnprocessableEntity, $"The step's transaction {hash} reverted; send it again."));
    }
}
