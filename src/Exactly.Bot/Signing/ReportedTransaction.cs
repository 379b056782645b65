using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Signing;

/// <summary>
/// A transaction hash the page reported, as the node knows it (<c>eth_getTransactionByHash</c>). A hash proves nothing by
/// itself: a page can report any hash, even one not broadcast yet (a self-transfer's, confirmed as the leverage on main in
/// 2026-11). So a hash is accepted, and a receipt is settled, only when the node knows the transaction and its sender,
/// recipient, value and calldata are exactly what this bot built.
/// </summary>
/// <param name="Hash">The hash, <c>0x</c> + 64 hex digits.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient (null for a contract creation).</param>
/// <param name="Value">Wei sent along.</param>
/// <param name="Input">The calldata.</param>
/// <param name="BlockNumber">The block it was mined in; null while pending.</param>
public sealed record ReportedTransaction(string Hash, Address From, Address? To, BigInteger Value, byte[] Input, long? BlockNumber)
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>True for <c>0x</c> + 64 hex digits: the only shape worth asking the node about.</summary>
    public static bool IsHash(string? hash) =>
        hash is { Length: 66 } && hash.StartsWith("0x", StringComparison.Ordinal) && !hash.AsSpan(2).ContainsAnyExcept(HexDigits);

    /// <summary>The transaction as the node knows it, or null when the node does not know the hash (yet).</summary>
    /// <exception cref="RpcException">The node failed.</exception>
    public static async Task<ReportedTransaction?> FindAsync(JsonRpcClient rpc, string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return await rpc.GetTransactionByHashAsync(hash, cancellationToken) is { } tx
            ? new ReportedTransaction(hash, tx.From, tx.To, tx.Value, tx.Input, tx.BlockNumber)
            : null;
    }

    /// <summary>True when this is exactly <paramref name="planned"/>: same sender, recipient and calldata, and no ETH.</summary>
    public bool Is(TransactionRequest planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return From == planned.From && To == planned.To && Value.IsZero && Input.AsSpan().SequenceEqual(planned.Data ?? []);
    }

    /// <summary>
    /// True when this is the session's DebtManager transaction: from <paramref name="account"/> to <paramref name="debtManager"/>,
    /// no ETH, and calldata whose Keccak-256 is <paramref name="callHash"/> (what <c>/sign</c> handed out).
    /// </summary>
    public bool IsCall(Address account, Address debtManager, string? callHash) =>
        callHash is not null && From == account && To == debtManager && Value.IsZero
        && string.Equals(Hex.Encode(Keccak256.Hash(Input)), callHash, StringComparison.OrdinalIgnoreCase);
}
