using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Discord;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Hosting;
using Exactly.Bot.Linking;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>
/// The <c>/link</c> challenges on a real SQLite file: single use also across a restart (a reopened file), void after
/// 5 minutes, replaced by a newer <c>/link</c>, and never half done (a refused link leaves its nonce unused and nothing stored).
/// </summary>
public sealed class LinkChallengeStoreTests : IDisposable
{
    private static readonly WalletOwner Alice = new("telegram", "1001");
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-link-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task Challenge_UsedOnce_StaysUsedAfterARestart()
    {
        var store = Store();
        var challenge = await store.CreateAsync(Alice, "1001", "main", default);
        Assert.Matches("^[0-9a-f]{32}$", challenge.Id);

        Assert.Equal(LinkOutcome.Linked, (await store.CompleteAsync(challenge, Account(1), NoNotice, default)).Outcome);

        var restarted = Store();
        Assert.NotNull((await restarted.FindAsync(challenge.Id, default))!.UsedAt);
        Assert.Equal(LinkOutcome.Spent, (await restarted.CompleteAsync(challenge, Account(2), NoNotice, default)).Outcome);
        var wallet = Assert.Single(await new WatchStore(new Database(path), time).ListAsync(Alice, default));
        Assert.Equal((Account(1), "main", true), (wallet.Address, wallet.Label, wallet.Linked));
    }

    [Fact]
    public async Task Challenge_AfterFiveMinutes_OrReplacedByANewLink_LinksNothing()
    {
        var store = Store();
        var old = await store.CreateAsync(Alice, "1001", null, default);
        var current = await store.CreateAsync(Alice, "1001", null, default);
        Assert.Null(await store.FindAsync(old.Id, default));
        Assert.Equal(LinkOutcome.Spent, (await store.CompleteAsync(old, Account(1), NoNotice, default)).Outcome);

        time.Advance(LinkChallengeStore.Lifetime);
        Assert.Equal(LinkOutcome.Spent, (await store.CompleteAsync(current, Account(1), NoNotice, default)).Outcome);
        Assert.Empty(await new WatchStore(new Database(path), time).ListAsync(Alice, default));
    }

    [Fact]
    public async Task Challenge_ForAUserAtTheLimit_LeavesItsNonceUnused_AndAWatchedWalletIsMarkedLinked()
    {
        var watch = new WatchStore(new Database(path), time);
        for (var i = 1; i <= WatchStore.MaxWalletsPerUser; i++)
        {
            await watch.WatchAsync(Alice, Account(i), null, linked: false, default);
        }

        var store = Store();
        var challenge = await store.CreateAsync(Alice, "1001", "taken", default);
        Assert.Equal(LinkOutcome.LimitReached, (await store.CompleteAsync(challenge, Account(99), NoNotice, default)).Outcome);
        Assert.Null((await store.FindAsync(challenge.Id, default))!.UsedAt);

        // An address already watched is marked linked (no new row needed), and the same challenge still works for it.
        var (outcome, wallet) = await store.CompleteAsync(challenge, Account(3), NoNotice, default);
        Assert.Equal(LinkOutcome.Linked, outcome);
        Assert.Equal(("wallet3", true), (wallet!.Label, wallet.Linked));
        Assert.Equal(Account(3), await watch.DefaultAccountAsync(Alice, default));
    }

    [Fact]
    public async Task LinkedNotice_CommitsWithTheLink_BothOrNeither()
    {
        var store = Store();
        var owner = new WalletOwner("discord", "42");
        var challenge = await store.CreateAsync(owner, "dm:42", "main", default);
        IReadOnlyList<OutboxMessage> Notice(WatchedWallet w) => new DiscordAlertChannel().Render("42", new AlertMessage($"Linked {w.Label}", []), OutboxPriority.Notice);
        using (var connection = new Database(path).Open())
        {
            // A real write failure at the outbox (as a full disk or a constraint would give): the notice cannot be stored.
            connection.Execute("CREATE TRIGGER outbox_fails BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox write failed'); END;");
        }

        await Assert.ThrowsAsync<SqliteException>(() => store.CompleteAsync(challenge, Account(7), Notice, default));

        Assert.Equal((0L, 0L), Counts());
        Assert.Null((await store.FindAsync(challenge.Id, default))!.UsedAt);
        using (var connection = new Database(path).Open())
        {
            connection.Execute("DROP TRIGGER outbox_fails;");
        }

        Assert.Equal(LinkOutcome.Linked, (await store.CompleteAsync(challenge, Account(7), Notice, default)).Outcome);

        Assert.Equal((1L, 1L), Counts());
        using var check = new Database(path).Open();
        var (chat, payload, source) = check.QuerySingle<(string, string, string)>("SELECT chat_id, payload, source_event FROM outbox");
        Assert.Equal(("dm:42", $"link:{challenge.Id}"), (chat, source));
        Assert.Contains("Linked main", payload, StringComparison.Ordinal);
    }

    private (long Wallets, long Notices) Counts()
    {
        using var connection = new Database(path).Open();
        return (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM watched_wallets"), connection.ExecuteScalar<long>("SELECT COUNT(*) FROM outbox"));
    }

    private static IReadOnlyList<OutboxMessage> NoNotice(WatchedWallet wallet) => [];

    private LinkChallengeStore Store()
    {
        var database = new Database(path);
        return new LinkChallengeStore(database, new UnitOfWork(database, new OutboxSignal(), time), time);
    }

    private static Address Account(int i) => Address.Parse($"0x{i:x40}");
}
