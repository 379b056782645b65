using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;

namespace Exactly.Bot.Signing;

/// <summary>
/// What a session may sign or send right now, for a wallet that acts on the server's word (the demo's): the permits of its
/// plan, and the one transaction its status allows, each exactly as built here for the session's account.
/// </summary>
public sealed class PlannedTransactions(PlanResolver plans, BeforeSteps before, AfterSteps after, ProtocolDeployment deployment)
{
    /// <summary>
    /// True when <paramref name="tx"/> is what this session may send now: a step before signing (opened), its DebtManager
    /// transaction (signed), or a follow-up step (mined).
    /// </summary>
    public async Task<bool> IsPlannedAsync(SigningSessionState state, ReportedTransaction tx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.PlanJson is null || state.Account is null)
        {
            return false;
        }

        var plan = await plans.PlanAsync(state.PlanJson, cancellationToken);
        return state.Parsed switch
        {
            SigningStatus.Opened => before.IsCandidate(plan, tx),
            SigningStatus.Signed => tx.IsCall(Address.Parse(state.Account), deployment.DebtManager, state.CallHash),
            SigningStatus.Mined => after.IsStep(plan, tx),
            _ => false,
        };
    }

    /// <summary>The typed data of the permits the session's plan asks to sign (what the page shows), or none before it opens.</summary>
    public async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> PermitsAsync(SigningSessionState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.PlanJson is null
            ? []
            : (await plans.PlanAsync(state.PlanJson, cancellationToken)).Permits.Select(p => p.TypedData.ToJson()).ToList();
    }
}
