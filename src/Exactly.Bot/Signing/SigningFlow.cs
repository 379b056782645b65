using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The signing page's server side: connect (re-quote, plan, bind), sign (recover, guard, build, simulate), submitted. Every step
/// refuses with a sentence and moves the session only through <see cref="SigningSessionLedger"/>'s conditional updates.
/// Signatures are used in memory only: never logged, never stored.
/// </summary>
public sealed partial class SigningFlow(
    SigningSessionStore store,
    SigningSessionLedger ledger,
    MarketCatalogue catalogue,
    SessionPlanner planner,
    SigningFollowUps steps,
    PermitGuard guard,
    TransactionSimulator simulator,
    JsonRpcClient rpc,
    ProtocolDeployment deployment,
    TimeProvider time,
    ILogger<SigningFlow> logger)
{
    /// <summary>Connect: checks the link, the chain and the account, re-quotes, plans the permits and binds the session.</summary>
    public async Task<IResult> ConnectAsync(string id, ConnectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, state, problem) = await LoadAsync(id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Parsed == SigningStatus.Opened && !ledger.Released(state))
        {
            return Refuse(StatusCodes.Status409Conflict,
                $"This link was already used: it is open in another window, which has not signed. If that was not you, connect again in {SigningSessionLedger.UnsignedHold.TotalMinutes:0} minutes (a connection that signs nothing is released then). Nothing was signed.");
        }

        if (state.Parsed is not (SigningStatus.Created or SigningStatus.Opened))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link was already used (opened in another window, or signed). Nothing more can be signed from it; ask the bot for a new quote.");
        }

        if (request.ChainId != deployment.ChainId)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"Your wallet is on chain {request.ChainId}; this bot only signs on chain {deployment.ChainId}. Switch networks and connect again.");
        }

        if (!Address.TryParse(request.Account, out var account, out _))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The wallet did not give a valid account.");
        }

        var quoted = Address.Parse(session!.Quote.Account);
        if (quoted != QuoteAccount.Nobody && quoted != account)
        {
            return Refuse(StatusCodes.Status403Forbidden, $"This link belongs to another chat user's wallet ({quoted}). Connect that wallet, or ask the bot for your own quote.");
        }

        var market = (await catalogue.GetMarketsAsync(cancellationToken)).FirstOrDefault(m => m.Market.ToString() == session.Quote.Market);
        if (market is null)
        {
            return Refuse(StatusCodes.Status409Conflict, "This market is no longer listed by the configured Auditor; nothing will be signed.");
        }

        var (plan, differences) = await planner.PlanAsync(session.Quote, market, account, session.Command, cancellationToken);
        if (!plan.IsSuccess)
        {
            return Refuse(StatusCodes.Status409Conflict, plan.Error!);
        }

        var p = plan.Value!;
        var before = await steps.BeforeStepsAsync(p, cancellationToken);
        var token = Base64Url(RandomNumberGenerator.GetBytes(16));
        if (!await ledger.OpenAsync(id, account.ToString(), token, JsonSerializer.Serialize(PlanRecord.From(plan.Value!)), cancellationToken))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link was just opened in another window, or it expired. Nothing more can be signed from it; ask the bot for a new quote.");
        }

        LogOpened(logger, id, account, p.Operation.Kind);
        return Results.Json(new
        {
            token,
            account = account.ToString(),
            chainId = deployment.ChainId,
            kind = p.Operation.Kind.ToString(),
            symbol = market.Symbol,
            decimals = (int)market.Decimals,
            debtManager = deployment.DebtManager.ToString(),
            market = market.Market.ToString(),
            asset = market.Asset.ToString(),
            implementation = p.MarketImplementation.ToString(),
            differences,
            expectedAssets = p.ExpectedAssets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            interestMargin = p.InterestMargin.ToString(System.Globalization.CultureInfo.InvariantCulture),
            permits = p.Permits.Select(x => x.Role == PermitRole.MarketShares
                ? new { role = x.Role.ToString(), typedData = x.TypedData.ToJson(), symbol = p.Operation.SharesMarket.Symbol, decimals = (int)p.Operation.SharesMarket.Decimals }
                : new { role = x.Role.ToString(), typedData = x.TypedData.ToJson(), symbol = market.Symbol, decimals = (int)market.Decimals }),
            permit2 = p.Permit2?.ToString(),
            before = before.Steps,
            beforeProblem = before.Problem,
        });
    }

    /// <summary>Sign: recovers every signature against the server's own typed data, builds the one DebtManager call, simulates it.</summary>
    public async Task<IResult> SignAsync(string id, SignRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await LoadAsync(id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Parsed != SigningStatus.Opened || state.PageToken is null || !FixedEquals(state.PageToken, request.Token))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link is not open in this window (already signed, or opened elsewhere). Nothing was sent.");
        }

        if (request.ChainId != deployment.ChainId)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"Your wallet switched to chain {request.ChainId}; this bot only signs on chain {deployment.ChainId}. Nothing was sent.");
        }

        var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
        var listed = await catalogue.GetMarketsAsync(cancellationToken);
        var market = listed.FirstOrDefault(m => m.Market.ToString() == record.Market);
        var borrow = listed.FirstOrDefault(m => m.Market.ToString() == record.BorrowMarket);
        var plan = market is null || (record.BorrowMarket is not null && borrow is null)
            ? Outcome<SigningPlan>.Fail("The market is no longer listed.")
            : guard.Check(record.ToPlan(market, deployment, borrow), listed);
        if (!plan.IsSuccess)
        {
            return Refuse(StatusCodes.Status409Conflict, plan.Error! + " Nothing was sent.");
        }

        var permits = plan.Value!.Permits;
        if (request.Signatures is null || request.Signatures.Count != permits.Count)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"Expected {permits.Count} signature(s). Nothing was sent.");
        }

        var account = plan.Value.Operation.Account;
        var signed = new List<SignedPermit>();
        for (var i = 0; i < permits.Count; i++)
        {
            Address signer;
            EcdsaSignature signature;
            try
            {
                signature = EcdsaSignature.Parse(request.Signatures[i]);
                signer = SignerRecovery.RecoverTypedData(permits[i].TypedData, signature);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return Refuse(StatusCodes.Status400BadRequest, $"Permit {i + 1} is not a valid signature. Nothing was sent.");
            }

            if (signer != account)
            {
                LogRefusedSigner(logger, id, i + 1);
                return Refuse(StatusCodes.Status403Forbidden,
                    $"Permit {i + 1} was not signed by the connected account {account} for exactly the permit shown (was it changed in the page, or signed by another account?). Refused; nothing was sent.");
            }

            signed.Add(new SignedPermit(account, permits[i].Deadline, signature));
        }

        if ((await steps.BeforeStepsAsync(plan.Value, cancellationToken)).Steps is [var first, ..])
        {
            return Refuse(StatusCodes.Status409Conflict, $"First send the wallet step under \"First, one step in your wallet\" ({first.Label}); the transaction cannot work until it is mined. Nothing was sent.");
        }

        var transaction = DebtManagerCalls.For(deployment.DebtManager, plan.Value, signed);
        var checkedTx = guard.CheckTransaction(transaction, plan.Value);
        if (!checkedTx.IsSuccess)
        {
            return Refuse(StatusCodes.Status409Conflict, checkedTx.Error!);
        }

        var simulated = await simulator.SimulateAsync(transaction, cancellationToken);
        if (!simulated.IsSuccess)
        {
            LogSimulationRevert(logger, id, simulated.Error!);
            return Refuse(StatusCodes.Status422UnprocessableEntity, simulated.Error!);
        }

        if (!await ledger.MarkSignedAsync(id, request.Token!, Hex.Encode(Keccak256.Hash(transaction.Data!)), cancellationToken))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link was already signed in another window, or it expired. Nothing was sent.");
        }

        var tx = transaction.ToJson();
        tx["gas"] = Hex.FromBigInteger(simulated.Value!);
        return Results.Json(new { tx });
    }

    /// <summary>Submitted: checks the wallet's transaction is the one built here, then leaves it to the receipt watcher.</summary>
    public async Task<IResult> SubmittedAsync(string id, SubmittedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, state, problem) = await LoadAsync(id, cancellationToken, allowExpired: true);
        if (problem is not null)
        {
            return problem;
        }

        if (state!.Parsed != SigningStatus.Signed || state.PageToken is null || !FixedEquals(state.PageToken, request.Token)
            || !ReportedTransaction.IsHash(request.Hash))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link has no signed transaction waiting in this window.");
        }

        // Only a transaction the node knows, and exactly the one built here, moves the session on: an unknown hash may be
        // anything (even a self-transfer broadcast later), so it is refused until the node shows it.
        var hash = request.Hash!;
        var sent = await ReportedTransaction.FindAsync(rpc, hash, cancellationToken);
        if (sent is null)
        {
            return NotKnownYet(hash);
        }

        if (!sent.IsCall(Address.Parse(state.Account!), deployment.DebtManager, state.CallHash))
        {
            LogNotThePlan(logger, id, hash);
            return Refuse(StatusCodes.Status400BadRequest, "That transaction is not the one prepared for this link (sender, contract or calldata differ); it is not counted.");
        }

        if (!await ledger.MarkSubmittedAsync(id, request.Token!, hash, cancellationToken))
        {
            return Refuse(StatusCodes.Status409Conflict, "This link's transaction was already reported.");
        }

        LogSubmitted(logger, id, hash);
        return Results.Json(new { status = SigningStatus.Submitted.ToString(), hash });
    }

    private Task<(SigningSession? Session, SigningSessionState? State, IResult? Problem)> LoadAsync(string id, CancellationToken cancellationToken, bool allowExpired = false) =>
        LoadAsync(store, ledger, time, id, allowExpired, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id} opened by {Account} for {Kind}")]
    private static partial void LogOpened(ILogger logger, string id, Address account, OperationKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: permit {Index} did not recover to the connected account; refused")]
    private static partial void LogRefusedSigner(ILogger logger, string id, int index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: simulation refused: {Reason}")]
    private static partial void LogSimulationRevert(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: reported transaction {Hash} is not the one built for it; refused")]
    private static partial void LogNotThePlan(ILogger logger, string id, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: transaction {Hash} submitted")]
    private static partial void LogSubmitted(ILogger logger, string id, string hash);
}
