using System.Security.Cryptography;
using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The page's first step, <c>/connect</c>: checks the link, the chain and the account, re-quotes, plans the permits and binds
/// the session to this window (<see cref="SigningSessionLedger.OpenAsync"/>). Refuses with a sentence otherwise.
/// </summary>
public sealed partial class ConnectStep(
    SessionLoader loader,
    SigningSessionLedger ledger,
    MarketCatalogue catalogue,
    SessionPlanner planner,
    BeforeSteps before,
    ProtocolDeployment deployment,
    ILogger<ConnectStep> logger)
{
    /// <summary>Connect: answers the plan the page shows (permits to sign, steps before them) with the window's token.</summary>
    public async Task<IResult> ConnectAsync(string id, ConnectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, state, problem) = await loader.LoadAsync(id, allowExpired: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (Refusal(state!, request, session!.Quote.Account, out var account) is { } refused)
        {
            return refused;
        }

        var market = (await catalogue.GetMarketsAsync(cancellationToken)).ByAddress(session.Quote.Market);
        if (market is null)
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This market is no longer listed by the configured Auditor; nothing will be signed.");
        }

        var (plan, differences) = await planner.PlanAsync(session.Quote, market, account, session.Command, cancellationToken);
        if (!plan.IsSuccess)
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, plan.Error!);
        }

        var p = plan.Value!;
        var steps = await before.NeededAsync(p, cancellationToken);
        var token = PageAnswers.Base64Url(RandomNumberGenerator.GetBytes(16));
        if (!await ledger.OpenAsync(id, account.ToString(), token, JsonSerializer.Serialize(PlanRecord.From(p)), cancellationToken))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link was just opened in another window, or it expired. Nothing more can be signed from it; ask the bot for a new quote.");
        }

        LogOpened(logger, id, account, p.Operation.Kind);
        return Results.Json(Answer(token, account, market, p, differences, steps));
    }

    /// <summary>The refusal for a session that may not be connected (used, wrong chain, wrong account), else null with the account.</summary>
    private IResult? Refusal(SigningSessionState state, ConnectRequest request, string quotedAccount, out Address account)
    {
        account = default;
        if (state.Parsed == SigningStatus.Opened && !ledger.Released(state))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict,
                $"This link was already used: it is open in another window, which has not signed. If that was not you, connect again in {SigningSessionLedger.UnsignedHold.TotalMinutes:0} minutes (a connection that signs nothing is released then). Nothing was signed.");
        }

        if (state.Parsed is not (SigningStatus.Created or SigningStatus.Opened))
        {
            return PageAnswers.Refuse(StatusCodes.Status409Conflict, "This link was already used (opened in another window, or signed). Nothing more can be signed from it; ask the bot for a new quote.");
        }

        if (request.ChainId != deployment.ChainId)
        {
            return PageAnswers.Refuse(StatusCodes.Status400BadRequest, $"Your wallet is on chain {request.ChainId}; this bot only signs on chain {deployment.ChainId}. Switch networks and connect again.");
        }

        if (!Address.TryParse(request.Account, out account, out _))
        {
            return PageAnswers.Refuse(StatusCodes.Status400BadRequest, "The wallet did not give a valid account.");
        }

        var quoted = Address.Parse(quotedAccount);
        return quoted != QuoteAccount.Nobody && quoted != account
            ? PageAnswers.Refuse(StatusCodes.Status403Forbidden, $"This link belongs to another chat user's wallet ({quoted}). Connect that wallet, or ask the bot for your own quote.")
            : null;
    }

    /// <summary>What the page needs to show and sign: the plan's permits as typed data, its markets, and the steps before signing.</summary>
    private object Answer(string token, Address account, MarketInfo market, SigningPlan p, IReadOnlyList<string> differences, (IReadOnlyList<FollowUp> Steps, string? Problem) before) => new
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
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id} opened by {Account} for {Kind}")]
    private static partial void LogOpened(ILogger logger, string id, Address account, OperationKind kind);
}
