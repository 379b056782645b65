using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>One fixed borrow as local state holds it: principal and fee are one sum there (what <c>previewDebt</c> uses).</summary>
/// <param name="Market">The Market's address.</param>
/// <param name="Maturity">When it is due, Unix seconds.</param>
/// <param name="Owed">Principal + fee, asset units (<c>fixedBorrowPositions(maturity, account)</c> summed).</param>
public sealed record HeldFixedBorrow(Address Market, long Maturity, BigInteger Owed);

/// <summary>
/// An engine that holds every account's fixed borrows locally (the log engine's account book): the monitor's maturity
/// reminders take them from it instead of reading <c>accounts(a)</c> and <c>fixedBorrowPositions</c> per wallet.
/// </summary>
public interface ILocalFixedBorrows
{
    /// <summary>
    /// The fixed borrows of <paramref name="accounts"/> after <paramref name="block"/>, from state known to be at exactly that
    /// block (same number and hash, caught up, verified, answered locally); null when the engine holds no such state now (the
    /// caller reads from chain). No RPC request.
    /// </summary>
    /// <returns>Per account its borrows in market-index then maturity order (empty: none). An account whose local state is
    /// untrusted is absent: read it from chain.</returns>
    IReadOnlyDictionary<Address, IReadOnlyList<HeldFixedBorrow>>? FixedBorrowsAt(IReadOnlyList<Address> accounts, BlockHeader block);
}
