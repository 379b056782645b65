using System.Buffers.Binary;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health.Local;

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

    /// <summary>
    /// Applies one (non-removed) log. A known event whose data does not decode distrusts the accounts it names
    /// (<see cref="LogEffect.Refused"/>): they are read from chain, the others stay local.
    /// </summary>
    /// <exception cref="AbiException">
    /// A known event whose topics do not name accounts as the protocol's does (the ABI changed): which accounts it affects
    /// cannot be known.
    /// </exception>
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
            // data: amount. The zero address is a mint or a burn, not an account.
            var (from, to) = (Party(log, 3, 1), Party(log, 3, 2));
            if (!Data(log, 1))
            {
                return Refuse(block, from, to);
            }

            var amount = Word(log, 0);
            if (from is { } sender)
            {
                book.AddShares(block, market, sender, amount with { Decrease = true });
            }

            if (to is { } receiver)
            {
                book.AddShares(block, market, receiver, amount);
            }
        }
        else if (MarketEvents.Borrow.Matches(topics))
        {
            // data: assets, shares.
            var borrower = Account(log, 4, 3);
            if (!Data(log, 2))
            {
                return Refuse(block, borrower);
            }

            book.AddBorrowShares(block, market, borrower, Word(log, 1));
        }
        else if (MarketEvents.Repay.Matches(topics))
        {
            // data: assets, shares.
            var borrower = Account(log, 3, 2);
            if (!Data(log, 2))
            {
                return Refuse(block, borrower);
            }

            book.AddBorrowShares(block, market, borrower, Word(log, 1) with { Decrease = true });
        }
        else if (MarketEvents.BorrowAtMaturity.Matches(topics))
        {
            // data: caller, assets, fee.
            var borrower = Account(log, 4, 3);
            if (!Data(log, 3) || Maturity(topics) is not { } maturity)
            {
                return Refuse(block, borrower);
            }

            var (assets, fee) = (Word(log, 1), Word(log, 2));
            var sum = assets.Value + fee.Value;
            book.AddFixed(block, market, borrower, maturity, new Amount(sum, false, assets.Wide || fee.Wide || sum < assets.Value));
        }
        else if (MarketEvents.RepayAtMaturity.Matches(topics))
        {
            // data: assets, positionAssets.
            var borrower = Account(log, 4, 3);
            if (!Data(log, 2) || Maturity(topics) is not { } maturity)
            {
                return Refuse(block, borrower);
            }

            book.AddFixed(block, market, borrower, maturity, Word(log, 1) with { Decrease = true });
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
            // No data: the market and the account are both indexed.
            var entered = AuditorEvents.MarketEntered.Matches(topics);
            var listed = marketIndex.TryGetValue(new Address(Address(log, 3, 1)), out var market);
            var account = Account(log, 3, 2);
            if (!listed)
            {
                return LogEffect.None;
            }

            if (!Data(log, 0))
            {
                return Refuse(block, account);
            }

            book.SetEntered(block, market, account, entered);
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
    /// A log of a known event whose data does not have the event's shape: the accounts its topics name are read from chain
    /// from now on (<see cref="AccountBook.Distrust"/>): a number the rules cannot derive is not stated.
    /// </summary>
    private LogEffect Refuse(long block, params int?[] accounts)
    {
        foreach (var id in accounts)
        {
            if (id is { } account)
            {
                book.Distrust(block, account);
            }
        }

        return LogEffect.Refused;
    }

    /// <summary>The id of the account in topic <paramref name="index"/>, after checking the topics' shape (see <see cref="Address(ChainLog, int, int)"/>).</summary>
    private int Account(ChainLog log, int topicCount, int index) => book.Intern(Address(log, topicCount, index));

    /// <summary>As <see cref="Account"/>, null for the zero address (a mint or a burn).</summary>
    private int? Party(ChainLog log, int topicCount, int index) =>
        Address(log, topicCount, index) is var address && address.IndexOfAnyExcept((byte)0) >= 0 ? book.Intern(address) : null;

    /// <summary>
    /// The 20 bytes of the address in topic <paramref name="index"/>, after checking the topic count and that every topic is
    /// a word (the ABI these rules were written for) and the address's 12 high bytes are zero.
    /// </summary>
    /// <exception cref="AbiException">
    /// Which account the log is about cannot be known (an upgrade changed the event): no account can be refused alone, so
    /// no local result can be trusted.
    /// </exception>
    private static ReadOnlySpan<byte> Address(ChainLog log, int topicCount, int index)
    {
        var topics = log.Log.Topics;
        var shaped = topics.Count == topicCount;
        for (var i = 0; shaped && i < topics.Count; i++)
        {
            shaped = topics[i].Length == 32;
        }

        return shaped && topics[index].AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0
            ? topics[index].AsSpan(12)
            : throw new AbiException($"A log of {log.Log.Address} at block {log.BlockNumber} does not name its accounts as the protocol's event does.");
    }

    /// <summary>True when the log's data is exactly <paramref name="words"/> words, as the event's ABI has it.</summary>
    private static bool Data(ChainLog log, int words) => log.Log.Data.Length == words * 32;

    /// <summary>
    /// Word <paramref name="index"/> of the log's data (checked by <see cref="Data"/>) as an increase, its width past 128
    /// bits marked. Read straight from the bytes: no generic decoder, no BigInteger (1,000 logs a block).
    /// </summary>
    private static Amount Word(ChainLog log, int index)
    {
        var word = log.Log.Data.AsSpan(index * 32, 32);
        var wide = word[..16].IndexOfAnyExcept((byte)0) >= 0;
        return new Amount(wide ? UInt128.MaxValue : BinaryPrimitives.ReadUInt128BigEndian(word[16..]), false, wide);
    }

    /// <summary>The maturity topic as a timestamp; null when it is not one (the event changed).</summary>
    private static long? Maturity(IReadOnlyList<byte[]> topics)
    {
        var maturity = BinaryPrimitives.ReadUInt64BigEndian(topics[1].AsSpan(24));
        return topics[1].AsSpan(0, 24).IndexOfAnyExcept((byte)0) < 0 && maturity <= long.MaxValue ? (long)maturity : null;
    }
}
