using System.Numerics;
using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Configuration;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>Position tracking (issue 12 item 6) on a real SQLite file with a moved clock: stored on change, trend, retention.</summary>
public sealed class PositionHistoryTests : IDisposable
{
    static readonly Address Alice = Address.Parse("0x00000000000000000000000000000000000a11ce");
    static readonly Address Bob = Address.Parse("0x0000000000000000000000000000000000000b0b");
    readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-positions-{Guid.NewGuid():N}.db");
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    readonly Database database;
    long block = 1_000;

    public PositionHistoryTests() => database = new Database(path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public void Record_MovesUnderATenthOfAPercent_AreStoredOnlyAtTheHourlyHeartbeatOrWithAnAlert()
    {
        Assert.Equal(1, Record(Alice, 1000m, 800m));      // first reading
        Assert.Equal(0, Record(Alice, 1000m, 800.3m));    // interest-sized move: 0.04 %
        Assert.Equal(1, Record(Alice, 990m, 800.3m));     // collateral −1 %
        Assert.Equal(0, Record(Alice, 990m, 800.4m));
        Assert.Equal(1, Record(Alice, 990m, 800.4m, alerted: true));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, Record(Alice, 990m, 800.5m));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, Record(Alice, 990m, 800.5m));     // an hour since the last row
        Assert.Equal(1, Record(Alice, 990m, 0m));         // repaid: debt went to zero

        using var connection = database.Open();
        Assert.Equal(5, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM position_readings"));
    }

    [Fact]
    public async Task Trend_Last24Hours_IsTheReadingInForceAtItsStartTheLowestTheHighestAndTheLatest()
    {
        Record(Alice, 1400m, 1000m);                          // 30 h ago: in force when the window began
        time.Advance(TimeSpan.FromHours(10));
        Record(Alice, 1300m, 1000m);                          // 20 h ago
        time.Advance(TimeSpan.FromHours(5));
        Record(Alice, 1050m, 1000m);                          // the lowest
        time.Advance(TimeSpan.FromHours(5));
        Record(Alice, 1500m, 1000m);                          // the highest
        time.Advance(TimeSpan.FromHours(10));
        Record(Alice, 1330m, 1000m);                          // now
        Record(Bob, 2000m, 0m);

        var trend = await new PositionHistory(database, time).TrendAsync(Alice, null, CancellationToken.None);

        Assert.NotNull(trend);
        Assert.Equal([1.40m, 1.05m, 1.50m, 1.33m], new[] { trend.First, trend.Min, trend.Max, trend.Now }.Select(r => Hf(r.HealthFactor)));
        Assert.Null((await new PositionHistory(database, time).TrendAsync(Bob, null, CancellationToken.None))!.Now.HealthFactor);
        Assert.Null(await new PositionHistory(database, time).TrendAsync(Address.Zero, null, CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_ReadingsPastRetention_AreDeletedButEachAddressKeepsItsNewest()
    {
        Record(Alice, 1400m, 1000m);
        Record(Bob, 1400m, 1000m);
        time.Advance(TimeSpan.FromHours(12));
        Record(Alice, 1300m, 1000m);
        time.Advance(TimeSpan.FromDays(2));
        var options = Options.Create(new RetentionOptions { Positions = TimeSpan.FromDays(2) });

        var report = await new RetentionSweeper(database, time, options, NullLogger<RetentionSweeper>.Instance).SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Positions);
        using var connection = database.Open();
        Assert.Equal(new[] { Alice.ToString(), Bob.ToString() }.Order(), connection.Query<string>("SELECT address FROM position_readings").Order());
    }

    int Record(Address account, decimal collateralUsd, decimal debtUsd, bool alerted = false)
    {
        var reading = new LiquidityReading(account, Wad(collateralUsd), Wad(debtUsd));
        var header = new BlockHeader(++block, new byte[32], new byte[32], time.GetUtcNow().ToUnixTimeSeconds());
        var evaluation = new HealthEvaluation(header, new Dictionary<Address, LiquidityReading> { [account] = reading }, 1);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var written = PositionHistory.Record(connection, transaction, evaluation, alerted ? new HashSet<Address> { account } : [], time.GetUtcNow().ToUnixTimeMilliseconds());
        transaction.Commit();
        return written;
    }

    static BigInteger Wad(decimal usd) => new BigInteger(usd * 1_000_000m) * BigInteger.Pow(10, 12);

    static decimal Hf(BigInteger? wad) => (decimal)(wad!.Value / BigInteger.Pow(10, 14)) / 10_000m;
}
