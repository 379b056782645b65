using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// A session's status for the page, and the explicit wallet steps after the DebtManager transaction: redeem every remaining share
/// ("withdraw everything"), and clear a share allowance the interest margin left unspent, so the DebtManager keeps none.
/// Each step is built here (market from the catalogue, account from the session), never by the page.
/// </summary>
public sealed class SigningFollowUps(
    SigningSessionStore store,
    SigningSessionLedger ledger,
    MarketCatalogue catalogue,
    JsonRpcClient rpc,
    ProtocolDeployment deployment,
    ReceiptWatcher watcher,
    TransactionSimulator simulator,
    IServiceProvider services,
    IOptions<SigningOptions> options)
{
    /// <summary>The status, the outcome text once settled, and the follow-up steps still to send.</summary>
    public async Task<IResult> StatusAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state?.PageToken is null || !SigningFlow.FixedEquals(state.PageToken, token))
        {
            return SigningFlow.Refuse(StatusCodes.Status404NotFound, "No session is open in this window.");
        }

        return Results.Json(await PayloadAsync(state, cancellationToken));
    }

    /// <summary>A follow-up step was sent: waits for its receipt, then answers with the new status (posting the final message when done).</summary>
    public async Task<IResult> DoneAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state?.PageToken is null || !SigningFlow.FixedEquals(state.PageToken, request.Token) || state.Parsed != SigningStatus.Mined || request.Hash is not { Length: 66 })
        {
            return SigningFlow.Refuse(StatusCodes.Status409Conflict, "This session has no follow-up step waiting.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var receipt = await rpc.WaitForReceiptAsync(request.Hash, TimeSpan.FromMilliseconds(200), cancellationToken: timeout.Token);
        if (!receipt.Succeeded)
        {
            return SigningFlow.Refuse(StatusCodes.Status422UnprocessableEntity, $"The step's transaction {request.Hash} reverted; send it again.");
        }

        var payload = await PayloadAsync(state, cancellationToken);
        var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
        if (payload.FollowUps.Count == 0 && record.WithdrawAll && state.Outcome?.StartsWith("Withdrawn", StringComparison.Ordinal) != true)
        {
            var market = await MarketAsync(record, cancellationToken);
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, Address.Parse(state.Account!), cancellationToken);
            var text = OutcomeText.Withdrawn(market, position, new Uri(options.Value.ExplorerTxUrl, request.Hash));
            if (await ledger.NoteAsync(id, request.Token!, text, cancellationToken))
            {
                await watcher.PostAsync(services, (await store.FindAsync(id, cancellationToken))!, text, cancellationToken);
                payload = payload with { Outcome = text };
            }
        }

        return Results.Json(payload);
    }

    private async Task<StatusPayload> PayloadAsync(SigningSessionState state, CancellationToken cancellationToken)
    {
        var steps = new List<(string Kind, string Label, TransactionRequest Tx)>();
        if (state.Parsed == SigningStatus.Mined)
        {
            var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
            var market = await MarketAsync(record, cancellationToken);
            var account = Address.Parse(state.Account!);
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, account, cancellationToken);
            if (record.WithdrawAll && position.Debt.IsZero && !position.Shares.IsZero)
            {
                steps.Add((
                    "redeem", $"Withdraw the remaining {Units.Format(position.Deposit, market.Decimals)} {market.Symbol} to your wallet (Market.redeem of every share)",
                    DebtManagerCalls.RedeemAll(market.Market, account, position.Shares)));
            }

            if (!position.ShareAllowance.IsZero)
            {
                steps.Add((
                    "revoke", $"Clear the {position.ShareAllowance} {market.Symbol} market shares the DebtManager may still spend (the permit's interest margin; approve 0)",
                    DebtManagerCalls.RevokeShares(market.Market, deployment.DebtManager, account)));
            }
        }

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

        return new StatusPayload(state.Status, state.TxHash, state.Outcome, ready, problem);
    }

    private async Task<MarketInfo> MarketAsync(PlanRecord record, CancellationToken cancellationToken) =>
        (await catalogue.GetMarketsAsync(cancellationToken)).First(m => m.Market.ToString() == record.Market);

    /// <summary>What the page polls.</summary>
    public sealed record StatusPayload(string Status, string? TxHash, string? Outcome, IReadOnlyList<FollowUp> FollowUps, string? Problem = null);

    /// <summary>A wallet step after the main transaction.</summary>
    public sealed record FollowUp(string Kind, string Label, System.Text.Json.Nodes.JsonObject Tx);
}
