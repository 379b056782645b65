using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>A listed market's pause and freeze at one block.</summary>
/// <param name="Market">The market (from the configured Auditor).</param>
/// <param name="Paused"><c>paused()</c>: repay, repayAtMaturity, refund and liquidate revert, so no fix can be sent.</param>
/// <param name="Frozen"><c>isFrozen()</c>: no new deposits or borrows (repay works); null where the market has no freeze (0.2.15).</param>
public sealed record MarketStatus(MarketInfo Market, bool Paused, bool? Frozen);

/// <summary>One fixed borrow of an account and the market it is in.</summary>
/// <param name="Market">The market.</param>
/// <param name="Borrow">The borrow (maturity, principal, fee).</param>
public sealed record MarketFixedBorrow(MarketInfo Market, FixedBorrow Borrow);

/// <summary>The slim reads the monitor's notices need between full position reads: market statuses and fixed borrows only.</summary>
public sealed partial class PositionReader
{
    /// <summary>
    /// Every listed market's <c>paused()</c> and <c>isFrozen()</c> at <paramref name="block"/> (pinned to its hash): one
    /// <c>aggregate3</c> of two calls per market.
    /// </summary>
    /// <exception cref="RpcException">The node could not answer, or <c>paused()</c> reverted (the addresses do not match the chain).</exception>
    public async Task<IReadOnlyList<MarketStatus>> ReadMarketStatusesAsync(BlockHeader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        var markets = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var calls = markets.SelectMany(m => new[] { Call(m.Market, MarketAbi.Paused), Call(m.Market, MarketAbi.IsFrozen) }).ToArray();
        var r = await AggregateAsync(calls, block, cancellationToken).ConfigureAwait(false);
        return markets.Select((m, i) => new MarketStatus(
            m,
            r[2 * i].Success ? (bool)MarketAbi.Paused.Decode(r[2 * i].ReturnData)[0]! : throw Reverted(MarketAbi.Paused),
            // 0.2.15 markets have no isFrozen: the call reverts, which means "no freeze", not a fault.
            r[(2 * i) + 1].Success && r[(2 * i) + 1].ReturnData.Length == 32 ? (bool)MarketAbi.IsFrozen.Decode(r[(2 * i) + 1].ReturnData)[0]! : null)).ToArray();
    }

    /// <summary>
    /// The fixed borrows of <paramref name="accounts"/> at <paramref name="block"/>, without the rest of their positions:
    /// <c>accounts(a)</c> per account and market, then <c>fixedBorrowPositions</c> per packed maturity (a second
    /// <c>aggregate3</c>, only when some account has one). Three calls per account on a three-market deployment instead of
    /// the seven of <see cref="ReadAsync(IReadOnlyList{Address}, BlockHeader, CancellationToken)"/>.
    /// </summary>
    /// <returns>Per account with at least one fixed borrow, its borrows by market order, then maturity.</returns>
    /// <exception cref="RpcException">The node could not answer, or a call reverted.</exception>
    public async Task<IReadOnlyDictionary<Address, IReadOnlyList<MarketFixedBorrow>>> ReadFixedBorrowsAsync(
        IReadOnlyList<Address> accounts, BlockHeader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(block);
        var markets = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var calls = accounts.SelectMany(a => markets.Select(m => Call(m.Market, MarketAbi.Accounts, a) with { AllowFailure = false })).ToArray();
        var results = calls.Length == 0 ? [] : await AggregateAsync(calls, block, cancellationToken).ConfigureAwait(false);
        var packed = accounts.Select((a, i) => (a, markets.Select((_, j) => (BigInteger)MarketAbi.Accounts.Decode(results[(i * markets.Count) + j].ReturnData)[1]!).ToArray()));
        var found = await ReadFixedBorrowsAsync(packed, markets, block, cancellationToken).ConfigureAwait(false);
        return found
            .GroupBy(e => e.Key.Item1)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<MarketFixedBorrow>)g.OrderBy(e => e.Key.Item2).SelectMany(e => e.Value.Select(b => new MarketFixedBorrow(markets[e.Key.Item2], b))).ToArray());
    }
}
