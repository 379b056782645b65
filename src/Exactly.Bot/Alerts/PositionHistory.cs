using System.Globalization;
using System.Numerics;
using Dapper;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>One stored reading of a watched address.</summary>
/// <param name="Address">The account.</param>
/// <param name="Block">The block it was read at.</param>
/// <param name="BlockTime">That block's timestamp, Unix seconds.</param>
/// <param name="Collateral">Risk-adjusted collateral, USD WAD.</param>
/// <param name="Debt">Risk-adjusted debt, USD WAD.</param>
/// <param name="RecordedAt">When the monitor stored it (the injected clock), Unix ms.</param>
public sealed record PositionReading(Address Address, long Block, long BlockTime, BigInteger Collateral, BigInteger Debt, long RecordedAt)
{
    /// <summary>Health factor, WAD; null without debt.</summary>
    public BigInteger? HealthFactor => Protocol.Health.HealthFactor.Of(Collateral, Debt);
}

/// <summary>A wallet's health over a window: the reading at its start, the lowest and highest health, and the latest.</summary>
/// <param name="First">The reading in force when the window began (or its first, when the history starts inside it).</param>
/// <param name="Min">The reading with the lowest health factor (no debt counts as the highest).</param>
/// <param name="Max">The reading with the highest health factor.</param>
/// <param name="Now">The latest reading.</param>
public sealed record HealthTrend(PositionReading First, PositionReading Min, PositionReading Max, PositionReading Now);

/// <summary>
/// Each watched address's readings (table <c>position_readings</c>), stored inside the monitor's block transaction when they
/// change: collateral or debt moved by at least <see cref="ChangeBasisPoints"/> (interest alone moves debt every block, which
/// would store a row per block), a side appeared or went to zero, an alert was based on it, or <see cref="Heartbeat"/> passed
/// since the last row (so a quiet position still has a point in every hour of its trend). The retention sweep deletes rows past
/// <c>Retention:Positions</c> (at least a day).
/// </summary>
public sealed class PositionHistory(Database database, TimeProvider time)
{
    /// <summary>A relative move of collateral or debt, in basis points, that is stored (default 10 = 0.1 %).</summary>
    public const int ChangeBasisPoints = 10;

    /// <summary>A row at least this often while the position is watched.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromHours(1);

    private const string Columns = "address AS Address, block AS Block, block_time AS BlockTime, collateral AS Collateral, debt AS Debt, recorded_at AS RecordedAt";

    /// <summary>
    /// Stores the readings that changed, and those of <paramref name="alerted"/> (an alert's figures stay on record),
    /// inside the caller's transaction; returns how many rows it wrote. One query reads every address's latest row.
    /// </summary>
    public static int Record(SqliteConnection connection, SqliteTransaction transaction, HealthEvaluation evaluation, IReadOnlySet<Address> alerted, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(alerted);
        ArgumentNullException.ThrowIfNull(evaluation);
        // SQLite takes the bare columns from the row that holds MAX(block): each address's latest reading. Only the last
        // heartbeat's rows: an address whose latest row is older is due for one anyway.
        var latest = connection.Query<Row>(
                $"SELECT {Columns} FROM (SELECT *, MAX(block) FROM position_readings WHERE recorded_at > @since GROUP BY address)",
                new { since = nowMs - (long)Heartbeat.TotalMilliseconds },
                transaction)
            .ToDictionary(r => r.Address, StringComparer.Ordinal);
        var written = 0;
        foreach (var reading in evaluation.Readings.Values)
        {
            if (evaluation.Approximate.Contains(reading.Account))
            {
                // A screened reading's figures are approximate: history holds only what accountLiquidity returns.
                continue;
            }

            var key = reading.Account.ToString();
            // Compared as stored text: no address is parsed (an EIP-55 checksum costs a Keccak each).
            if (latest.TryGetValue(key, out var last) && !alerted.Contains(reading.Account) && !Changed(last, reading, nowMs))
            {
                continue;
            }

            var hf = reading.HealthFactor;
            connection.Execute(
                "INSERT OR REPLACE INTO position_readings (address, block, block_time, collateral, debt, health_wad, recorded_at) VALUES (@key, @Number, @Timestamp, @c, @d, @hf, @nowMs)",
                new { key, evaluation.Block.Number, evaluation.Block.Timestamp, c = Wad(reading.Collateral), d = Wad(reading.Debt), hf = hf is { } h ? Wad(h) : null, nowMs },
                transaction);
            written++;
        }

        return written;
    }

    /// <summary>The latest stored reading of <paramref name="address"/>, or null when it was never read.</summary>
    public async Task<PositionReading?> LatestAsync(Address address, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var row = await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM position_readings WHERE address = @a ORDER BY block DESC LIMIT 1", new { a = address.ToString() }, cancellationToken: cancellationToken));
        return row?.ToReading();
    }

    /// <summary>
    /// The health trend of <paramref name="address"/> over the last <paramref name="window"/> (default 24 h) of the injected
    /// clock: first, lowest, highest and latest reading; null when it has no reading.
    /// </summary>
    public async Task<HealthTrend?> TrendAsync(Address address, TimeSpan? window, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().Add(-(window ?? TimeSpan.FromHours(24))).ToUnixTimeMilliseconds();
        await using var connection = database.Open();
        // The last row before the window is the state in force when it began; then every row inside it.
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT * FROM (SELECT {Columns} FROM position_readings WHERE address = @a AND recorded_at < @since ORDER BY block DESC LIMIT 1)
            UNION ALL SELECT {Columns} FROM position_readings WHERE address = @a AND recorded_at >= @since
            ORDER BY Block
            """,
            new { a = address.ToString(), since }, cancellationToken: cancellationToken))).Select(r => r.ToReading()).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var byHealth = rows.OrderBy(r => r.HealthFactor is null).ThenBy(r => r.HealthFactor ?? BigInteger.Zero).ToList();
        return new HealthTrend(rows[0], byHealth[0], byHealth[^1], rows[^1]);
    }

    private static bool Changed(Row last, LiquidityReading now, long nowMs) =>
        nowMs - last.RecordedAt >= (long)Heartbeat.TotalMilliseconds
        || Moved(BigInteger.Parse(last.Collateral, CultureInfo.InvariantCulture), now.Collateral)
        || Moved(BigInteger.Parse(last.Debt, CultureInfo.InvariantCulture), now.Debt);

    private static bool Moved(BigInteger before, BigInteger after) =>
        before.IsZero != after.IsZero || BigInteger.Abs(after - before) * 10_000 >= before * ChangeBasisPoints;

    private static string Wad(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(string Address, long Block, long BlockTime, string Collateral, string Debt, long RecordedAt)
    {
        public PositionReading ToReading() => new(
            Ethereum.Address.Parse(Address), Block, BlockTime, BigInteger.Parse(Collateral, CultureInfo.InvariantCulture), BigInteger.Parse(Debt, CultureInfo.InvariantCulture), RecordedAt);
    }
}
