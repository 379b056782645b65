using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The page's <c>/sign</c> step: recovers every signature against the server's own typed data (never the page's), checks the
/// plan again (<see cref="PermitGuard"/>), builds the one DebtManager call and simulates it, then hands out the transaction.
/// Signatures are used in memory only: never logged, never stored.
/// </summary>
public sealed partial class SignStep(
    SessionLoader loader,
    SigningSessionLedger ledger,
    PlanResolver plans,
    BeforeSteps before,
    PermitGuard guard,
    TransactionSimulator simulator,
    ProtocolDeployment deployment,
    ILogger<SignStep> logger)
{
    /// <summary>Sign: answers <c>{ tx }</c> (with the simulator's gas limit) or a refusal; nothing is sent either way.</summary>
    public async Task<IResult> SignAsync(string id, SignRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await loader.LoadAsync(id, allowExpired: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Parsed != SigningStatus.Opened || !PageAnswers.HoldsPage(state, request.Token))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link is not open in this window (already signed, or opened elsewhere). Nothing was sent.");
        }

        if (request.ChainId != deployment.ChainId)
        {
            return PageAnswers.Refuse(StatusCodes.Status400BadRequest, $"Your wallet switched to chain {request.ChainId}; this bot only signs on chain {deployment.ChainId}. Nothing was sent.");
        }

        var stored = await plans.TryResolveAsync(state.PlanJson!, cancellationToken);
        var plan = stored is null ? Outcome<SigningPlan>.Fail("The market is no longer listed.") : guard.Check(plans.ToPlan(stored), stored.Listed);
        if (!plan.IsSuccess)
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, plan.Error! + " Nothing was sent.");
        }

        var (signed, refused) = Recover(id, plan.Value!, request.Signatures);
        return refused ?? await BuildAsync(id, request.Token!, plan.Value!, signed!, cancellationToken);
    }

    /// <summary>Each signature recovered against its permit's typed data; a refusal when one is malformed or not the connected account's.</summary>
    private (List<SignedPermit>? Signed, IResult? Refusal) Recover(string id, SigningPlan plan, IReadOnlyList<string>? signatures)
    {
        var permits = plan.Permits;
        if (signatures is null || signatures.Count != permits.Count)
        {
            return (null, PageAnswers.Refuse(StatusCodes.Status400BadRequest, $"Expected {permits.Count} signature(s). Nothing was sent."));
        }

        var account = plan.Operation.Account;
        var signed = new List<SignedPermit>();
        for (var i = 0; i < permits.Count; i++)
        {
            Address signer;
            EcdsaSignature signature;
            try
            {
                signature = EcdsaSignature.Parse(signatures[i]);
                signer = SignerRecovery.RecoverTypedData(permits[i].TypedData, signature);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return (null, PageAnswers.Refuse(StatusCodes.Status400BadRequest, $"Permit {i + 1} is not a valid signature. Nothing was sent."));
            }

            if (signer != account)
            {
                LogRefusedSigner(logger, id, i + 1);
                return (null, PageAnswers.Refuse(StatusCodes.Status403Forbidden,
                    $"Permit {i + 1} was not signed by the connected account {account} for exactly the permit shown (was it changed in the page, or signed by another account?). Refused; nothing was sent."));
            }

            signed.Add(new SignedPermit(account, permits[i].Deadline, signature));
        }

        return (signed, null);
    }

    /// <summary>Builds the DebtManager call from the signed permits, checks and simulates it, and marks the session signed.</summary>
    private async Task<IResult> BuildAsync(string id, string token, SigningPlan plan, List<SignedPermit> signed, CancellationToken cancellationToken)
    {
        if ((await before.NeededAsync(plan, cancellationToken)).Steps is [var first, ..])
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, $"First send the wallet step under \"First, one step in your wallet\" ({first.Label}); the transaction cannot work until it is mined. Nothing was sent.");
        }

        var transaction = DebtManagerCalls.For(deployment.DebtManager, plan, signed);
        var checkedTx = guard.CheckTransaction(transaction, plan);
        if (!checkedTx.IsSuccess)
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, checkedTx.Error!);
        }

        var simulated = await simulator.SimulateAsync(transaction, cancellationToken);
        if (!simulated.IsSuccess)
        {
            LogSimulationRevert(logger, id, simulated.Error!);
            return PageAnswers.Refuse(StatusCodes.Status422UnprocessableEntity, simulated.Error!);
        }

        if (!await ledger.MarkSignedAsync(id, token, Hex.Encode(Keccak256.Hash(transaction.Data!)), cancellationToken))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link was already signed in another window, or it expired. Nothing was sent.");
        }

        var tx = transaction.ToJson();
        tx["gas"] = Hex.FromBigInteger(simulated.Value!);
        return Results.Json(new { tx });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: permit {Index} did not recover to the connected account; refused")]
    private static partial void LogRefusedSigner(ILogger logger, string id, int index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: simulation refused: {Reason}")]
    private static partial void LogSimulationRevert(ILogger logger, string id, string reason);
}
