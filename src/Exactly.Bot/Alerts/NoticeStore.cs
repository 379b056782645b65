using Dapper;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Positions;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>A market's pause and freeze as its users were last told (absent: neither, the state nobody needs telling about).</summary>
/// <param name="Paused">Told it is paused.</param>
/// <param name="Frozen">Told it is frozen.</param>
public sealed record MarketNoticeState(bool Paused, bool Frozen)
{
    /// <summary>A market nothing was said about: running normally.</summary>
    public static MarketNoticeState Normal { get; } = new(false, false);

    /// <summary>What changed from this state to <paramref name="status"/> (a market without a freeze is never frozen).</summary>
    public IReadOnlyList<MarketChange> ChangesTo(MarketStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var changes = new List<MarketChange>(2);
        if (status.Paused != Paused)
        {
            changes.Add(status.Paused ? MarketChange.Paused : MarketChange.Unpaused);
        }

        if ((status.Frozen ?? false) != Frozen)
        {
            changes.Add(status.Frozen == true ? MarketChange.Frozen : MarketChange.Unfrozen);
        }

        return changes;
    }
}

/// <summary>
/// The stored side of the notices besides health tiers (tables <c>maturity_notices</c> and <c>market_notices</c>): what was
/// already said, read and written inside the monitor's block transaction so a notice and its record commit together.
/// </summary>
public static class NoticeStore
{
    /// <summary>Every wallet's maturity reminders sent (absent: none), by wallet id.</summary>
    /// <exception cref="FormatException">A stored row was not written by <see cref="MaturityState.Encode"/>.</exception>
    public static IReadOnlyDictionary<long, MaturityState> ReadMaturity(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Query<(long Id, string Sent)>("SELECT wallet_id, sent FROM maturity_notices", transaction: transaction)
            .ToDictionary(r => r.Id, r => MaturityState.Decode(r.Sent));

    /// <summary>Stores a wallet's maturity state (an empty one deletes the row) inside the caller's transaction.</summary>
    public static void WriteMaturity(SqliteConnection connection, SqliteTransaction transaction, long walletId, MaturityState state, long block, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Sent.Count == 0)
        {
            connection.Execute("DELETE FROM maturity_notices WHERE wallet_id = @walletId", new { walletId }, transaction);
            return;
        }

        connection.Execute(
            """
            INSERT INTO maturity_notices (wallet_id, sent, block, updated_at) VALUES (@walletId, @sent, @block, @nowMs)
            ON CONFLICT (wallet_id) DO UPDATE SET sent = excluded.sent, block = excluded.block, updated_at = excluded.updated_at
            """,
            new { walletId, sent = state.Encode(), block, nowMs },
            transaction);
    }

    /// <summary>What each market's users were last told, by market address.</summary>
    public static IReadOnlyDictionary<Address, MarketNoticeState> ReadMarkets(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Query<(string Market, long Paused, long Frozen)>("SELECT market, paused, frozen FROM market_notices", transaction: transaction)
            .ToDictionary(r => Address.Parse(r.Market), r => new MarketNoticeState(r.Paused != 0, r.Frozen != 0));

    /// <summary>Stores what a market's users were told inside the caller's transaction.</summary>
    public static void WriteMarket(SqliteConnection connection, SqliteTransaction transaction, Address market, MarketNoticeState state, long block, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        connection.Execute(
            """
            INSERT INTO market_notices (market, paused, frozen, block, updated_at) VALUES (@market, @paused, @frozen, @block, @nowMs)
            ON CONFLICT (market) DO UPDATE SET paused = excluded.paused, frozen = excluded.frozen, block = excluded.block, updated_at = excluded.updated_at
            """,
            new { market = market.ToString(), paused = state.Paused ? 1 : 0, frozen = state.Frozen ? 1 : 0, block, nowMs },
            transaction);
    }
}
