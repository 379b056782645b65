using Dapper;
using Exactly.Bot.Hosting;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>
/// The unit of work (issue 11, item 6) on a real SQLite file: a producer's own rows, an inbound event's key and the outbox
/// rows commit together or not at all, and the delivery workers are woken only after a commit that queued something.
/// </summary>
public sealed class UnitOfWorkTests : IDisposable
{
    private readonly string path = TempDatabase.NewPath("bot-uow");
    private readonly OutboxSignal signal = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Database database;
    private readonly UnitOfWork unitOfWork;

    public UnitOfWorkTests()
    {
        database = new Database(path);
        unitOfWork = new UnitOfWork(database, signal, time);
    }

    public void Dispose()
    {
        TempDatabase.Delete(path);
    }

    [Fact]
    public async Task WorkThatSucceeds_CommitsItsOwnRowsAndOutboxRowsTogether_AndWakesTheWorkers()
    {
        var woken = signal.Next;

        var ids = await unitOfWork.RunAsync(tx =>
        {
            tx.Connection.Execute("INSERT INTO transport_state (transport, key, value) VALUES ('alerts', 'tier:0xabc', 'warn')", transaction: tx.Transaction);
            return tx.Enqueue("telegram", [new OutboxMessage("7", OutboxKind.Private, OutboxPriority.Notice, "{}")]);
        }, CancellationToken.None);

        Assert.Single(ids);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM transport_state WHERE transport = 'alerts'"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM outbox WHERE kind = 'private' AND status = 'pending' AND priority = " + OutboxPriority.Notice));
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), Count("SELECT created_at FROM outbox"));
        Assert.True(woken.IsCompleted);
    }

    [Fact]
    public async Task WorkThatThrowsAfterWriting_LeavesNeitherItsOwnRowsNorOutboxRows_AndWakesNobody()
    {
        var woken = signal.Next;

        await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.RunAsync(tx =>
        {
            tx.Connection.Execute("INSERT INTO transport_state (transport, key, value) VALUES ('alerts', 'tier:0xabc', 'warn')", transaction: tx.Transaction);
            tx.Enqueue("telegram", [new OutboxMessage("7", OutboxKind.Private, OutboxPriority.Notice, "{}")]);
            throw new InvalidOperationException("the producer fails after writing");
        }, CancellationToken.None));

        Assert.Equal(0, Count("SELECT COUNT(*) FROM transport_state"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM outbox"));
        Assert.False(woken.IsCompleted);
    }

    [Fact]
    public async Task AnEventCommittedTwice_RunsItsEffectsOnce_AndIsStoredAsTheWordsOldRowsCarry()
    {
        var inbound = new InboundEvent("telegram", "42");
        OutboxMessage[] reply = [new("7", OutboxKind.Message, OutboxPriority.Reply, "{}")];

        var accepted = await unitOfWork.CommitEventAsync(inbound, InboundEventState.Accepted, "{\"job\":1}", tx => tx.Enqueue("telegram", [reply[0] with { Kind = OutboxKind.Placeholder }], inbound.EventId), CancellationToken.None);
        var done = await unitOfWork.CommitEventAsync(inbound, InboundEventState.Done, null, tx => tx.Enqueue("telegram", reply, inbound.EventId), CancellationToken.None);
        var again = await unitOfWork.CommitEventAsync(inbound, InboundEventState.Done, null, tx => tx.Enqueue("telegram", reply, inbound.EventId), CancellationToken.None);

        Assert.Equal((true, true, false), (accepted, done, again));
        Assert.Equal(InboundEventState.Done, await unitOfWork.FindEventAsync(inbound, CancellationToken.None));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM inbound_events WHERE state = 'done'"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM outbox WHERE source_event = '42'"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM outbox WHERE kind = 'placeholder'"));
    }

    [Fact]
    public void EveryStoredWord_ReadsBackAsItsValue()
    {
        Assert.All(Enum.GetValues<OutboxStatus>(), s => Assert.Equal(s, OutboxStatusNames.Parse(s.ToDb())));
        Assert.All(Enum.GetValues<OutboxKind>(), k => Assert.Equal(k, OutboxKindNames.Parse(k.ToDb())));
        Assert.All(Enum.GetValues<InboundEventState>(), s => Assert.Equal(s, InboundEventStateNames.Parse(s.ToDb())));
        Assert.Equal(["pending", "sending", "sent", "undeliverable", "dead"], Enum.GetValues<OutboxStatus>().Select(s => s.ToDb()));
        Assert.Equal("private-photo", OutboxKind.PrivatePhoto.ToDb());
        Assert.Equal("dm", OutboxKind.DirectMessage.ToDb());
        Assert.Throws<FormatException>(() => OutboxStatusNames.Parse("Pending"));
    }

    private long Count(string sql)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>(sql);
    }
}
