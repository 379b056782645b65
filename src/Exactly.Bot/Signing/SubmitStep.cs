using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;

namespace Exactly.Bot.Signing;

/// <summary>
/// The page's <c>/submitted</c> step: the wallet's hash counts only once the node shows exactly the transaction built here
/// (sender, contract, calldata); then the session waits for <see cref="ReceiptWatcher"/>.
/// </summary>
public sealed partial class SubmitStep(SessionLoader loader, SigningSessionLedger ledger, JsonRpcClient rpc, ProtocolDeployment deployment, ILogger<SubmitStep> logger)
{
    /// <summary>Submitted: answers the new status, a 404 to report again while the node does not know the hash, or a refusal.</summary>
    public async Task<IResult> SubmittedAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await loader.LoadAsync(id, allowExpired: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Parsed != SigningStatus.Signed || !PageAnswers.HoldsPage(state, request.Token) || !ReportedTransaction.IsHash(request.Hash))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link has no signed transaction waiting in this window.");
        }

        // Only a transaction the node knows, and exactly the one built here, moves the session on: an unknown hash may be
        // anything (even a self-transfer broadcast later), so it is refused until the node shows it.
        var hash = request.Hash!;
        var sent = await ReportedTransaction.FindAsync(rpc, hash, cancellationToken);
        if (sent is null)
        {
            return PageAnswers.NotKnownYet(hash);
        }

        if (!sent.IsCall(Address.Parse(state.Account!), deployment.DebtManager, state.CallHash))
        {
            LogNotThePlan(logger, id, hash);
            return PageAnswers.Refuse(StatusCodes.Status400BadRequest, "That transaction is not the one prepared for this link (sender, contract or calldata differ); it is not counted.");
        }

        if (!await ledger.MarkSubmittedAsync(id, request.Token!, hash, cancellationToken))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link's transaction was already reported.");
        }

        LogSubmitted(logger, id, hash);
        return Results.Json(new { status = SigningStatus.Submitted.ToString(), hash });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: reported transaction {Hash} is not the one built for it; refused")]
    private static partial void LogNotThePlan(ILogger logger, string id, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: transaction {Hash} submitted")]
    private static partial void LogSubmitted(ILogger logger, string id, string hash);
}
