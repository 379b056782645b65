using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>Two books hold the same state: every account's bitmap, shares, borrow shares and fixed borrows in every market.</summary>
public static class BookAssert
{
    public static void Same(AccountBook expected, AccountBook actual)
    {
        var accounts = Enumerable.Range(0, expected.Count).Select(expected.AddressOf)
            .Union(Enumerable.Range(0, actual.Count).Select(actual.AddressOf)).ToArray();
        var markets = Math.Max(expected.MarketCount, actual.MarketCount);
        foreach (var account in accounts)
        {
            var (e, a) = (expected.IdOf(account), actual.IdOf(account));
            Assert.Equal(Entered(expected, e), Entered(actual, a));
            for (var m = 0; m < markets; m++)
            {
                Assert.Equal(e < 0 ? UInt128.Zero : expected.Shares(m, e), a < 0 ? UInt128.Zero : actual.Shares(m, a));
                Assert.Equal(e < 0 ? UInt128.Zero : expected.BorrowShares(m, e), a < 0 ? UInt128.Zero : actual.BorrowShares(m, a));
                Assert.Equal(Fixed(expected, m, e), Fixed(actual, m, a));
            }
        }
    }

    static ulong Entered(AccountBook book, int id) => id < 0 ? 0 : book.Entered(id);

    static string Fixed(AccountBook book, int market, int id) =>
        id < 0 || book.FixedBorrows(market, id) is not { } positions ? "" : string.Join(",", positions.Select(p => $"{p.Key}:{p.Value}"));
}
