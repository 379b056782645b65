using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// What the page's connect step plans for a session: re-quotes for the connected account, says what changed since the chat's
/// quote (refusing beyond <see cref="QuoteTolerance"/>), and plans the permits, same asset (<see cref="SigningPlanner"/>) or cross asset (<see cref="CrossSigningPlanner"/>, with
/// the fee and price limit of the fresh quote). Markets come from the configured Auditor's list only.
/// </summary>
public sealed class SessionPlanner(
    MarketCatalogue catalogue, LeverageQuoter quoter, DeleverageQuoter deleverageQuoter, CrossQuoter crossQuoter, SigningPlanner planner, CrossSigningPlanner crossPlanner)
{
    /// <summary>
    /// The plan (or a sentence), and the differences from the chat's quote. A re-quote that moved beyond
    /// <see cref="QuoteTolerance"/> is a refusal naming what moved and asking for a new quote with <paramref name="command"/>.
    /// </summary>
    /// <exception cref="Ethereum.Rpc.RpcException">The chain could not be read.</exception>
    public async Task<(Outcome<SigningPlan> Plan, IReadOnlyList<string> Differences)> PlanAsync(
        QuoteSnapshot quote, MarketInfo market, Address account, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (quote.IsCross)
        {
            var borrow = (await catalogue.GetMarketsAsync(cancellationToken)).FirstOrDefault(m => m.Market.ToString() == quote.BorrowMarket);
            if (borrow is null)
            {
                return (Outcome<SigningPlan>.Fail("The borrowed market is no longer listed by the configured Auditor; nothing will be signed."), []);
            }

            var cross = await crossQuoter.QuoteAsync(
                account, market, borrow, SessionOperation.CrossAmount(quote), BigIntegerOf(quote.Ratio), quote.Kind == "crossdeleverage", cancellationToken);
            if (!cross.IsSuccess)
            {
                return (Outcome<SigningPlan>.Fail($"Re-quoted for {account}: {cross.Error}"), []);
            }

            var now = cross.Value!;
            var requoted = new Requoted(SessionOperation.Differences(quote, now).ToList(), QuoteTolerance.Exceeded(quote, now.DepositAfter, now.BorrowAfter, now.HealthFactorAfter));
            return requoted.Exceeded.Count > 0
                ? (Outcome<SigningPlan>.Fail(QuoteTolerance.Refusal(requoted.Exceeded, requoted.Differences, command)), requoted.Differences)
                : (await crossPlanner.PlanAsync(now, cancellationToken), requoted.Differences);
        }

        var operation = SessionOperation.From(quote, market, account);
        var requote = await SessionOperation.RequoteAsync(quoter, deleverageQuoter, quote, operation, cancellationToken);
        if (!requote.IsSuccess)
        {
            return (Outcome<SigningPlan>.Fail($"Re-quoted for {account}: {requote.Error}"), []);
        }

        var (differences, exceeded) = (requote.Value!.Differences, requote.Value.Exceeded);
        return exceeded.Count > 0
            ? (Outcome<SigningPlan>.Fail(QuoteTolerance.Refusal(exceeded, differences, command)), differences)
            : (await planner.PlanAsync(operation, cancellationToken), differences);
    }

    private static System.Numerics.BigInteger BigIntegerOf(string text) => System.Numerics.BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
