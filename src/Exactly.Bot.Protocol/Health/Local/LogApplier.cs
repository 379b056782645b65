using System.Buffers.Binary;
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
            if (Topic(topics, 1) is var from && from.IndexOfAnyExcept((byte)0) >= 0)
            {
                book.AddShares(block, market, book.Intern(from), amount with { Decrease = true });
            }

            if (Topic(topics, 2) is var to && to.IndexOfAnyExcept((byte)0) >= 0)
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
            book.AddBorrowShares(block, market, book.Intern(Topic(topics, 2)), Word(log, 3, 1) with { Decrease = true });
        }
        else if (MarketEvents.BorrowAtMaturity.Matches(topics))
        {
            // data: caller, assets, fee.
            var (assets, fee) = (Word(log, 4, 1), Word(log, 4, 2));
            var sum = assets.Value + fee.Value;
            book.AddFixed(block, market, book.Intern(Topic(topics, 3)), Maturity(topics), new Amount(sum, false, assets.Wide || fee.Wide || sum < assets.Value));
        }
        else if (MarketEvents.RepayAtMaturity.Matches(topics))
        {
            // data: assets, positionAssets.
            book.AddFixed(block, market, book.Intern(Topic(topics, 3)), Maturity(topics), Word(log, 4, 1) with { Decrease = true });
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
            if (marketIndex.TryGetValue(new Address(Topic(topics, 1)), out var market))
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
    /// Word <paramref name="index"/> of the log's data as an increase (its width past 128 bits marked), after checking the
    /// topic count (the ABI these rules were written for); index −1 only checks. Read straight from the bytes: no generic
    /// decoder, no BigInteger (1,000 logs a block).
    /// </summary>
    /// <exception cref="AbiException">The log does not have the shape of the event (an upgrade changed it).</exception>
    private static Amount Word(ChainLog log, int topicCount, int index)
    {
        var (data, topics) = (log.Log.Data, log.Log.Topics);
        var shaped = topics.Count == topicCount && data.Length >= (index + 1) * 32;
        for (var i = 0; shaped && i < topics.Count; i++)
        {
            shaped = topics[i].Length == 32;
        }

        if (!shaped)
        {
            throw new AbiException($"A log of {log.Log.Address} at block {log.BlockNumber} does not have the shape of the protocol's event.");
        }

        if (index < 0)
        {
            return default;
        }

        var word = data.AsSpan(index * 32, 32);
        var wide = word[..16].IndexOfAnyExcept((byte)0) >= 0;
        return new Amount(wide ? UInt128.MaxValue : BinaryPrimitives.ReadUInt128BigEndian(word[16..]), false, wide);
    }

    private static ReadOnlySpan<byte> Topic(IReadOnlyList<byte[]> topics, int index) => topics[index].AsSpan(12);

    private static long Maturity(IReadOnlyList<byte[]> topics)
    {
        var maturity = BinaryPrimitives.ReadUInt64BigEndian(topics[1].AsSpan(24));
        return topics[1].AsSpan(0, 24).IndexOfAnyExcept((byte)0) < 0 && maturity <= long.MaxValue
            ? (long)maturity
            : throw new AbiException($"A maturity of {Hex.Encode(topics[1])} is not a timestamp: the event changed.");
    }
}
