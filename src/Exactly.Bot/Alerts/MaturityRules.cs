using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Alerts;

/// <summary>How far a fixed borrow's reminders have gone. Ordered: a higher value is later.</summary>
public enum MaturityStage
{
    /// <summary>More than 24 h to the maturity: nothing said.</summary>
    None = 0,

    /// <summary>Due within 24 h.</summary>
    DueIn24Hours = 1,

    /// <summary>Due within 1 h.</summary>
    DueIn1Hour = 2,

    /// <summary>Past the maturity: the late penalty accrues every second (<c>block.timestamp &gt; maturity</c>).</summary>
    Overdue = 3,
}

/// <summary>One fixed borrow of one wallet: the market and the maturity (Unix seconds).</summary>
/// <param name="Market">The Market's address.</param>
/// <param name="Maturity">The maturity, Unix seconds.</param>
public readonly record struct MaturityKey(Address Market, long Maturity);

/// <summary>A reminder to send: the borrow, the stage reached, and the figures the text needs (asset decimals).</summary>
/// <param name="Position">The market position holding the borrow.</param>
/// <param name="Borrow">The fixed borrow.</param>
/// <param name="Stage">The stage reached (only the latest is sent when several pass at once).</param>
/// <param name="SecondsLeft">Maturity − block timestamp: negative when overdue.</param>
/// <param name="PenaltySoFar">The late penalty at the block, asset decimals (0 before the maturity).</param>
/// <param name="PenaltyPerDay">What one more overdue day adds, asset decimals.</param>
public sealed record MaturityReminder(MarketPosition Position, FixedBorrow Borrow, MaturityStage Stage, long SecondsLeft, BigInteger PenaltySoFar, BigInteger PenaltyPerDay);

/// <summary>
/// What the maturity rules remember of one wallet (stored with the wallet, committed with the reminders it causes): per fixed
/// borrow the last stage sent. Borrows that are repaid drop out at the next reading.
/// </summary>
/// <param name="Sent">The stage already sent per borrow.</param>
public sealed record MaturityState(IReadOnlyDictionary<MaturityKey, MaturityStage> Sent)
{
    /// <summary>A wallet nothing was sent for.</summary>
    public static MaturityState Empty { get; } = new(new Dictionary<MaturityKey, MaturityStage>());

    /// <summary>A compact text form for a database column: <c>market:maturity:stage</c> entries joined by <c>;</c>.</summary>
    public string Encode() => string.Join(';', Sent.OrderBy(e => e.Key.Maturity).ThenBy(e => e.Key.Market.ToLowerHex(), StringComparer.Ordinal)
        .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key.Market.ToLowerHex()}:{e.Key.Maturity}:{(int)e.Value}")));

    /// <summary>Reads <see cref="Encode"/>'s form back; an empty text is <see cref="Empty"/>.</summary>
    /// <exception cref="FormatException">The text was not written by <see cref="Encode"/>.</exception>
    public static MaturityState Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var sent = new Dictionary<MaturityKey, MaturityStage>();
        foreach (var entry in text.Split(';'))
        {
            var parts = entry.Split(':');
            if (parts.Length != 3 || !Address.TryParse(parts[0], out var market, out _)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var maturity)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var stage) || !Enum.IsDefined((MaturityStage)stage))
            {
                throw new FormatException($"'{entry}' is not a maturity state entry (market:maturity:stage).");
            }

            sent[new MaturityKey(market, maturity)] = (MaturityStage)stage;
        }

        return new MaturityState(sent);
    }
}

/// <summary>
/// Fixed-rate maturity reminders: due in 24 h, due in 1 h, overdue with the penalty accruing per day — each sent once per
/// borrow per wallet. Time is the evaluated block's timestamp, never the wall clock: the penalty starts when a block's
/// timestamp passes the maturity. A wallet first seen late gets only the latest stage (no 24 h reminder 10 minutes before).
/// </summary>
public static class MaturityRules
{
    /// <summary>The first reminder: 24 h before the maturity.</summary>
    public const long DayBefore = 24 * 3600;

    /// <summary>The second reminder: 1 h before.</summary>
    public const long HourBefore = 3600;

    /// <summary>The stage a borrow is in at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static MaturityStage StageAt(long maturity, long timestamp) =>
        timestamp > maturity ? MaturityStage.Overdue
        : maturity - timestamp <= HourBefore ? MaturityStage.DueIn1Hour
        : maturity - timestamp <= DayBefore ? MaturityStage.DueIn24Hours
        : MaturityStage.None;

    /// <summary>Applies one reading of a wallet (its fixed borrows at the position's block).</summary>
    /// <returns>The state to store and the reminders to send now, in maturity order.</returns>
    public static (MaturityState State, IReadOnlyList<MaturityReminder> Reminders) Observe(MaturityState state, WalletPosition position)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(position);
        var now = position.Block.Timestamp;
        var sent = new Dictionary<MaturityKey, MaturityStage>();
        var reminders = new List<MaturityReminder>();
        foreach (var market in position.Markets)
        {
            foreach (var borrow in market.FixedBorrows.Where(b => !b.Owed.IsZero))
            {
                var key = new MaturityKey(market.Market.Market, borrow.Maturity);
                var before = state.Sent.GetValueOrDefault(key, MaturityStage.None);
                var stage = StageAt(borrow.Maturity, now);
                if (stage > before)
                {
                    reminders.Add(new MaturityReminder(
                        market, borrow, stage, borrow.Maturity - now, borrow.PenaltyAt(now, market.PenaltyRate), borrow.PenaltyPerDay(market.PenaltyRate)));
                }

                // Repaid borrows are not carried over: the state only holds what the wallet still owes and was told about.
                if (stage > before || before > MaturityStage.None)
                {
                    sent[key] = stage > before ? stage : before;
                }
            }
        }

        return (new MaturityState(sent), reminders.OrderBy(r => r.Borrow.Maturity).ToArray());
    }
}
