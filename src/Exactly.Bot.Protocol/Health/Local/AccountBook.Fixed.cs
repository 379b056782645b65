using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>The book's fixed borrows as the monitor's maturity reminders need them (<see cref="ILocalFixedBorrows"/>).</summary>
public sealed partial class AccountBook
{
    /// <summary>
    /// Each of <paramref name="accounts"/>' fixed borrows (maturity → principal + fee, as <c>BorrowAtMaturity</c> and
    /// <c>RepayAtMaturity</c> built them), by market index then maturity.
    /// </summary>
    /// <param name="accounts">The accounts; one no log named holds none.</param>
    /// <param name="markets">Market addresses by index (<see cref="LogApplier.Markets"/>).</param>
    /// <returns>Per account its borrows (empty: none); untrusted accounts are absent (their state is read from chain).</returns>
    public IReadOnlyDictionary<Address, IReadOnlyList<HeldFixedBorrow>> FixedBorrowsOf(IReadOnlyList<Address> accounts, IReadOnlyList<Address> markets)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(markets);
        var found = new Dictionary<Address, IReadOnlyList<HeldFixedBorrow>>(accounts.Count);
        foreach (var account in accounts)
        {
            var id = IdOf(account);
            if (id >= 0 && IsUntrusted(id))
            {
                continue;
            }

            var borrows = new List<HeldFixedBorrow>();
            for (var m = 0; id >= 0 && m < Math.Min(columns.Count, markets.Count); m++)
            {
                if (columns[m].Fixed.TryGetValue(id, out var positions))
                {
                    // A sorted list: maturities come out in order; zero positions are removed when they reach zero.
                    borrows.AddRange(positions.Select(p => new HeldFixedBorrow(markets[m], p.Key, (System.Numerics.BigInteger)p.Value)));
                }
            }

            found[account] = borrows;
        }

        return found;
    }
}
