using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Decides when a submitted transaction that has no receipt will never get one, so its session can end instead of staying
/// "submitted" forever: <b>replaced</b> (the account's mined nonce, <c>eth_getTransactionCount(account, "latest")</c>, has moved
/// past the transaction's nonce — a cancel or a speed-up in the wallet) or <b>dropped</b> (the node has not known the hash,
/// <c>eth_getTransactionByHash</c> = null, for <see cref="SigningOptions.DroppedAfter"/> since it was submitted). The nonce is
/// stored with the session the first time the node shows the pending transaction, so a replacement is recognised after a
/// restart too.
/// </summary>
internal sealed class DroppedTransactions(TimeProvider time, IOptions<SigningOptions> options)
{
    /// <summary>The sentence to post when the session's transaction will never be mined; null while it still may be.</summary>
    /// <exception cref="RpcException">The node failed.</exception>
    public async Task<string?> CheckAsync(
        JsonRpcClient rpc, SigningSessionLedger ledger, SigningSessionState state, SigningSession session, PlanRecord record, MarketInfo market, CancellationToken cancellationToken)
    {
        var hash = state.TxHash!;
        var tx = await rpc.GetTransactionByHashAsync(hash, cancellationToken).ConfigureAwait(false);
        var known = tx is not null;
        if (tx is not null)
        {
            if (tx.BlockNumber is not null)
            {
                return null; // mined: the receipt is on its way
            }

            if (state.TxNonce is null)
            {
                state = state with { TxNonce = tx.Nonce.ToString(CultureInfo.InvariantCulture) };
                await ledger.RecordTxNonceAsync(state.Id, state.TxNonce, cancellationToken).ConfigureAwait(false);
            }
        }

        var account = Address.Parse(state.Account!);
        if (state.TxNonce is { } recorded)
        {
            var nonce = BigInteger.Parse(recorded, CultureInfo.InvariantCulture);
            var count = await rpc.GetTransactionCountAsync(account, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
            // Re-check the receipt: the transaction itself may have been mined between the two reads.
            if (count > nonce && await rpc.GetTransactionReceiptAsync(hash, cancellationToken).ConfigureAwait(false) is null)
            {
                var shareNonce = (BigInteger)(await rpc.CallAsync(market.Market, PermitAbi.Nonces, [account], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
                return Replaced(session, record, market, hash, permitsUsed: shareNonce > BigInteger.Parse(record.ShareNonce, CultureInfo.InvariantCulture));
            }
        }

        if (!known && await ledger.SubmittedAtAsync(state.Id, cancellationToken).ConfigureAwait(false) is { } submittedAt
            && time.GetUtcNow() - submittedAt >= options.Value.DroppedAfter)
        {
            return Dropped(session, record, market, hash, options.Value.DroppedAfter);
        }

        return null;
    }

    private static string Replaced(SigningSession session, PlanRecord record, MarketInfo market, string hash, bool permitsUsed) => permitsUsed
        ? $"Replaced: your {Kind(record)} {market.Symbol} transaction {hash} was replaced by another one from your wallet with the same nonce, and that one used the permits you signed (a speed-up?). "
          + $"It may have gone through: check with /position. The bot spent nothing and holds no key. For a new quote, ask again: {session.Command}"
        : $"Cancelled: your {Kind(record)} {market.Symbol} transaction {hash} was replaced or cancelled in your wallet (another transaction with the same nonce was mined), so it will never be mined. "
          + $"Your position did not change, and the bot spent nothing (it holds no key and sends nothing for you). {Expiry(record)} For a new quote, ask again: {session.Command}";

    private static string Dropped(SigningSession session, PlanRecord record, MarketInfo market, string hash, TimeSpan after) =>
        $"Not mined: your {Kind(record)} {market.Symbol} transaction {hash} has been unknown to the network for {after.TotalMinutes:0} minutes (dropped, e.g. for a too low fee), so this link is closed. "
        + $"Your position did not change, and the bot spent nothing (it holds no key and sends nothing for you). {Expiry(record)} If your wallet still shows it pending, cancel it there. "
        + $"For a new quote, ask again: {session.Command}";

    private static string Kind(PlanRecord record) => record.Kind.ToLowerInvariant();

    private static string Expiry(PlanRecord record) =>
        $"The permits you signed expire at {DateTimeOffset.FromUnixTimeSeconds(long.Parse(record.Deadline, CultureInfo.InvariantCulture)):HH:mm} UTC.";
}
