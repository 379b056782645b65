using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>The undo journal trims forgotten blocks without moving the window, and a rollback never crosses them.</summary>
public sealed class AccountBookJournalTests
{
    [Fact]
    public void Rollback_AfterForgettingOlderBlocks_RestoresTheForkPointAndKeepsForgottenChanges()
    {
        var book = new AccountBook();
        var id = book.Intern(new Address(Enumerable.Repeat((byte)7, 20).ToArray()));
        for (var block = 1; block <= 10; block++)
            book.AddShares(block, 0, id, new BigInteger(block));

        book.Forget(4);
        Assert.Equal(6, book.JournalLength);
        book.Rollback(7);
        Assert.Equal((UInt128)(1 + 2 + 3 + 4 + 5 + 6 + 7), book.Shares(0, id));
        Assert.Equal(3, book.JournalLength);
        // Blocks 1–4 were forgotten: a deeper rollback stops there.
        book.Rollback(0);
        Assert.Equal((UInt128)(1 + 2 + 3 + 4), book.Shares(0, id));
        Assert.Equal(0, book.JournalLength);
        book.AddShares(11, 0, id, -new BigInteger(10));
        Assert.Equal(1, book.JournalLength);
        Assert.Equal(UInt128.Zero, book.Shares(0, id));
        Assert.False(book.IsUntrusted(id));
    }
}
