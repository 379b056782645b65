using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>What applying one log meant beyond account state.</summary>
public enum LogEffect
{
    /// <summary>Account state changed (or the log carries none).</summary>
    None,

    /// <summary>A market was listed: its address joins the log filter and takes the next index.</summary>
    MarketListed,

    /// <summary>A cached market value (adjust factor, price feed) changed: reload <c>Auditor.markets(m)</c>.</summary>
    MarketsChanged,

    /// <summary>A proxy was upgraded: the formulas must be re-validated before local results are trusted.</summary>
    Upgraded,
}

/// <summary>
/// Applies the protocol's logs to an <see cref="AccountBook"/> (HEALTH.md "Events"): <c>Transfer</c> moves deposit shares,
/// <c>Borrow</c>/<c>Repay</c> floating borrow shares, <c>BorrowAtMaturity</c> adds assets + fee and <c>RepayAtMaturity</c>
/// removes <c>positionAssets</c> at the maturity, <c>MarketEntered</c>/<c>MarketExited</c> flip the bitmap bit. The market
/// of a log is its emitter's index in the Auditor's listing order.
/// </summary>
/// <param name="book">The state the logs change.</param>
/// <param name="auditor">The configured Auditor.</param>
public sealed class LogApplier(AccountBook book, Address auditor)
{
    private readonly Dictionary<Address, int> marketIndex = [];
    private readonly List<Address> markets = [];

    /// <summary>Every event topic the filter asks for.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Topics { get; } = new[]
    {
        MarketEvents.Transfer, MarketEvents.Borrow, MarketEvents.Repay, MarketEvents.BorrowAtMaturity, MarketEvents.RepayAtMaturity,
        MarketEvents.PenaltyRateSet, MarketEvents.Upgraded, AuditorEvents.MarketEntered, AuditorEvents.MarketExited,
        AuditorEvents.MarketListed, AuditorEvents.AdjustFactorSet, AuditorEvents.PriceFeedSet,
    }.Select(e => e.Topic0).ToArray();

    /// <summary>The listed markets in index order (the log filter's addresses, with the Auditor).</summary>
    public IReadOnlyList<Address> Markets => markets;

    /// <summary>The contracts whose logs count: the Auditor and every listed market.</summary>
    public IReadOnlyList<Address> FilterAddresses => [auditor, .. markets];

    /// <summary>Registers a listed market under the next index.</summary>
    public void List(Address market)
    {
        if (marketIndex.TryAdd(market, markets.Count))
        {
            markets.Add(market);
            book.Column(markets.Count - 1);
        }
    }

    /// <summary>Applies one (non-removed) log.</summary>
    /// <exception cref="AbiException">A log with a known topic does not decode: the ABI changed (treat as an upgrade).</exception>
    public LogEffect Apply(ChainLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var (emitter, topics, block) = (log.Log.Address, log.Log.Topics, log.BlockNumber);
        if (emitter == auditor)
        {
            return ApplyAuditor(log, topics, block);
        }

        if (!marketIndex.TryGetValue(emitter, out var market))
        {
            return LogEffect.None;
        }

        if (MarketEvents.Transfer.Matches(topics))
        {
            var amount = Word(log, 3, 0);
            if (Topic(topics, 1) is { IsZero: false } from)
            {
                book.AddShares(block, market, book.Intern(from), -amount);
            }

            if (Topic(topics, 2) is { IsZero: false } to)
            {
                book.AddShares(block, market, book.Intern(to), amount);
            }
        }
        else if (MarketEvents.Borrow.Matches(topics))
        {
            book.AddBorrowShares(block, market, book.Intern(Topic(topics, 3)), Word(log, 4, 1));
        }
        else if (MarketEvents.Repay.Matches(topics))
        {
            book.AddBorrowShares(block, market, book.Intern(Topic(topics, 2)), -Word(log, 3, 1));
        }
        else if (MarketEvents.BorrowAtMaturity.Matches(topics))
        {
            // data: caller, assets, fee.
            book.AddFixed(block, market, book.Intern(Topic(topics, 3)), Maturity(topics), Word(log, 4, 1) + Word(log, 4, 2));
        }
        else if (MarketEvents.RepayAtMaturity.Matches(topics))
        {
            // data: assets, positionAssets.
            book.AddFixed(block, market, book.Intern(Topic(topics, 3)), Maturity(topics), -Word(log, 4, 1));
        }
        else if (MarketEvents.Upgraded.Matches(topics))
        {
            return LogEffect.Upgraded;
        }

        return LogEffect.None;
    }

    private LogEffect ApplyAuditor(ChainLog log, IReadOnlyList<byte[]> topics, long block)
    {
        if (AuditorEvents.MarketEntered.Matches(topics) || AuditorEvents.MarketExited.Matches(topics))
        {
            var entered = AuditorEvents.MarketEntered.Matches(topics);
            Word(log, 3, -1);
            if (marketIndex.TryGetValue(Topic(topics, 1), out var market))
            {
                book.SetEntered(block, market, book.Intern(Topic(topics, 2)), entered);
            }

            return LogEffect.None;
        }

        if (AuditorEvents.MarketListed.Matches(topics))
        {
            List((Address)AuditorEvents.MarketListed.DecodeLog(topics, log.Log.Data)[0]!);
            return LogEffect.MarketListed;
        }

        return AuditorEvents.AdjustFactorSet.Matches(topics) || AuditorEvents.PriceFeedSet.Matches(topics) ? LogEffect.MarketsChanged
            : MarketEvents.Upgraded.Matches(topics) ? LogEffect.Upgraded
            : LogEffect.None;
    }

    /// <summary>
    /// Word <paramref name="index"/> of the log's data as uint256, after checking the topic count (the ABI these rules were
    /// written for); index −1 only checks. Direct reads: the generic decoder costs ~40 µs a log, too much for 1,000 a block.
    /// </summary>
    /// <exception cref="AbiException">The log does not have the shape of the event (an upgrade changed it).</exception>
    private static BigInteger Word(ChainLog log, int topicCount, int index)
    {
        var data = log.Log.Data;
        if (log.Log.Topics.Count != topicCount || data.Length < (index + 1) * 32 || log.Log.Topics.Any(t => t.Length != 32))
        {
            throw new AbiException($"A log of {log.Log.Address} at block {log.BlockNumber} does not have the shape of the protocol's event.");
        }

        return index < 0 ? BigInteger.Zero : new BigInteger(data.AsSpan(index * 32, 32), isUnsigned: true, isBigEndian: true);
    }

    private static Address Topic(IReadOnlyList<byte[]> topics, int index) => new(topics[index].AsSpan(12));

    private static long Maturity(IReadOnlyList<byte[]> topics) => (long)new BigInteger(topics[1], isUnsigned: true, isBigEndian: true);
}
