using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>The watched-wallet store (issue 12) on a real SQLite file: limits, labels, ownership, rules and tier state survive a reopen.</summary>
public sealed class WatchStoreTests : IDisposable
{
    private static readonly WalletOwner Alice = new("telegram", "1001");
    private static readonly WalletOwner Bob = new("telegram", "1002");
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-watch-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task Watching_EleventhWallet_IsRefused_AndLabelsDefaultAndStayUnique()
    {
        var store = new WatchStore(new Database(path), time);
        for (var i = 1; i <= WatchStore.MaxWalletsPerUser; i++)
        {
            var (outcome, wallet) = await store.WatchAsync(Alice, Account(i), null, linked: false, default);
            Assert.Equal(WatchOutcome.Added, outcome);
            Assert.Equal($"wallet{i}", wallet!.Label);
        }

        Assert.Equal(WatchOutcome.LimitReached, (await store.WatchAsync(Alice, Account(99), "extra", false, default)).Outcome);
        Assert.Equal(WatchOutcome.Added, (await store.WatchAsync(Bob, Account(1), "WALLET1", false, default)).Outcome);
        Assert.Equal(WatchOutcome.LabelTaken, (await store.WatchAsync(Bob, Account(2), "wallet1", false, default)).Outcome);
        Assert.Equal(WatchOutcome.AlreadyWatched, (await store.WatchAsync(Bob, Account(1), "other", false, default)).Outcome);
    }

    [Fact]
    public async Task Linking_AWatchedWallet_MarksItLinked_AndOnlyItsOwnerCanChangeIt()
    {
        var store = new WatchStore(new Database(path), time);
        var (_, wallet) = await store.WatchAsync(Alice, Account(1), "main", false, default);
        Assert.False(wallet!.Linked);
        var (outcome, linked) = await store.WatchAsync(Alice, Account(1), null, linked: true, default);
        Assert.Equal(WatchOutcome.AlreadyWatched, outcome);
        Assert.True(linked!.Linked);

        Assert.False(await store.UnwatchAsync(Bob, wallet.Id, default));
        Assert.False(await store.SetAlertsOnAsync(Bob, wallet.Id, false, default));
        Assert.NotNull(await store.FindAsync(Alice, "MAIN", default));
        Assert.NotNull(await store.FindAsync(Alice, Account(1).ToString().ToLowerInvariant(), default));
        Assert.True(await store.UnwatchAsync(Alice, wallet.Id, default));
        Assert.Empty(await store.ListAsync(Alice, default));
    }

    [Fact]
    public async Task RulesSnoozeAndTierState_SurviveReopeningTheFile()
    {
        var store = new WatchStore(new Database(path), time);
        var (_, wallet) = await store.WatchAsync(Alice, Account(1), "main", false, default);
        var custom = new AlertThresholds(Units.Wad * 13 / 10, Units.Wad * 115 / 100, Units.Wad / 20);
        Assert.True(await store.SetThresholdsAsync(Alice, wallet!.Id, custom, default));
        Assert.True(await store.SetFixTargetAsync(Alice, wallet.Id, Units.Wad * 2, default));
        Assert.True(await store.SetAlertsOnAsync(Alice, wallet.Id, false, default));
        await store.SnoozeAsync(Alice, time.GetUtcNow().AddHours(6), default);
        var state = new TierState(HealthTier.Danger, 1_700_000_000, 42, HealthTier.Danger, HealthTier.Warning);
        var database = new Database(path);
        await using (var connection = database.Open())
        await using (var transaction = connection.BeginTransaction())
        {
            WatchStore.WriteTierState(connection, transaction, wallet.Id, state, 0);
            transaction.Commit();
        }

        var reopened = new Database(path);
        var again = Assert.Single(await new WatchStore(reopened, time).ListAsync(Alice, default));
        Assert.Equal(custom, again.Thresholds);
        Assert.Equal(Units.Wad * 2, again.FixTarget);
        Assert.False(again.AlertsOn);
        await using var read = reopened.Open();
        Assert.Equal(state, WatchStore.ReadTierState(read, null, wallet.Id));
        Assert.Equal(time.GetUtcNow().AddHours(6), WatchStore.SnoozedUntil(read, null, Alice, time.GetUtcNow()));
        Assert.Null(WatchStore.SnoozedUntil(read, null, Alice, time.GetUtcNow().AddHours(7)));
        Assert.Null(WatchStore.SnoozedUntil(read, null, Bob, time.GetUtcNow()));
    }

    private static Address Account(int i) => Address.Parse($"0x{i:x40}");
}
