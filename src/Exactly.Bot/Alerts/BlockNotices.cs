using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Alerts;

/// <summary>What <see cref="BlockNotices.ReadAsync"/> read at one block, for <see cref="BlockNotices.Apply"/>.</summary>
/// <param name="Block">The evaluated block: every read is pinned to it, and stages are decided on its timestamp.</param>
/// <param name="Positions">Full positions at the block: wallets whose reminder stage may have advanced, or every watched wallet when a market changed.</param>
/// <param name="Refreshed">The fixed borrows (market, maturity) owed at the block, by address (an empty list: none), when a refresh ran; else null.</param>
/// <param name="Statuses">Every market's pause and freeze at the block; null when they (or the positions a change needs) could not be read.</param>
public sealed record NoticeReads(
    BlockHeader Block,
    IReadOnlyDictionary<Address, WalletPosition> Positions,
    IReadOnlyDictionary<Address, IReadOnlyList<MaturityKey>>? Refreshed,
    IReadOnlyList<MarketStatus>? Statuses);

/// <summary>
/// The notices besides health tiers (issue 12 item 3), decided on the evaluated block: fixed-rate maturity reminders (due in
/// 24 h, due in 1 h, overdue with the penalty per day; <see cref="MaturityRules"/>) and a market a watched wallet uses being
/// paused or frozen, or that being undone. Each is said once: its record commits with it, in the block's transaction.
/// <para>Reads stay cheap: the markets' pause and freeze (one <c>aggregate3</c>) when their logs say they changed; the
/// watched wallets' fixed borrows every <see cref="RefreshSeconds"/> of chain time and for wallets new to it, from the log
/// engine's account book when it answered this very block locally (<see cref="ILocalFixedBorrows"/>: no request), else read
/// (three calls per wallet, and for the book's untrusted accounts); a full
/// position read only for wallets whose cached borrows reach a new stage at this block's timestamp (the stage is then
/// decided from that read, at this block), or for every wallet when a market changed. A read that fails says nothing and
/// changes nothing: the next block decides again.</para>
/// </summary>
/// <param name="database">The notice records.</param>
/// <param name="reader">The chain reads.</param>
/// <param name="engine">The monitor's health engine: when it holds fixed borrows locally, the refresh takes them from it.</param>
/// <param name="options">Price staleness for the texts.</param>
/// <param name="logger">Failed reads.</param>
public sealed partial class BlockNotices(Database database, PositionReader reader, IHealthEngine engine, IOptions<AlertOptions> options, ILogger<BlockNotices> logger)
{
    /// <summary>How much chain time may pass before every watched wallet's fixed borrows are read again, seconds.</summary>
    public const long RefreshSeconds = 300;

    // The monitor runs one pass at a time, so this cache has one user.
    private Dictionary<Address, IReadOnlyList<MaturityKey>> fixedBorrows = [];
    private long? refreshedAt;
    // True once a status read at a block matched what the users were told: until a pause/freeze log says otherwise, the
    // statuses need no read of their own (the log engine reads those logs with the block's others).
    private bool statusesSettled;

    /// <summary>Reads what <see cref="Apply"/> needs at <paramref name="block"/>. Never throws for a node fault (logged, nothing read).</summary>
    /// <param name="wallets">The watched wallets.</param>
    /// <param name="block">The evaluated block.</param>
    /// <param name="statusChanges">Markets that emitted <c>Paused</c>/<c>Unpaused</c>/<c>Frozen</c> since the last evaluated
    /// block (<see cref="Protocol.Health.HealthEvaluation.MarketStatusChanges"/>); null when unknown, so the statuses are read.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<NoticeReads> ReadAsync(
        IReadOnlyList<WatchedWallet> wallets, BlockHeader block, IReadOnlyCollection<Address>? statusChanges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wallets);
        ArgumentNullException.ThrowIfNull(block);
        var on = wallets.Where(w => w.AlertsOn).ToList();
        var none = new NoticeReads(block, new Dictionary<Address, WalletPosition>(), null, null);
        if (on.Count == 0)
        {
            // Nobody is told now, so a change in the meantime is not known to be told: the next pass reads the statuses.
            statusesSettled = false;
            return none;
        }

        IReadOnlyDictionary<long, MaturityState> sent;
        IReadOnlyDictionary<Address, MarketNoticeState> told;
        await using (var connection = database.Open())
        {
            (sent, told) = (NoticeStore.ReadMaturity(connection, null), NoticeStore.ReadMarkets(connection, null));
        }

        var addresses = on.Select(w => w.Address).Distinct().ToList();
        var read = statusChanges is not { Count: 0 } || !statusesSettled;
        var statuses = read ? await TryAsync(() => reader.ReadMarketStatusesAsync(block, cancellationToken), block) : null;
        var changed = statuses?.Any(s => told.GetValueOrDefault(s.Market.Market, MarketNoticeState.Normal).ChangesTo(s).Count > 0) == true;
        // A change is settled once told: the block after it reads again and finds nothing new.
        statusesSettled = read ? statuses is not null && !changed : statusesSettled;
        var refreshed = await RefreshAsync(addresses, block, cancellationToken);
        var due = on.Where(w => Due(w, sent.GetValueOrDefault(w.Id, MaturityState.Empty), block.Timestamp)).Select(w => w.Address).Distinct().ToList();
        var wanted = changed ? addresses : due;
        if (wanted.Count == 0)
        {
            return none with { Refreshed = refreshed, Statuses = statuses };
        }

        var positions = await TryAsync(() => reader.ReadAsync(wanted, block, cancellationToken), block);
        foreach (var (address, position) in positions ?? new Dictionary<Address, WalletPosition>())
        {
            // The newest knowledge of its borrows: a repaid one stops making the wallet due before the next refresh.
            fixedBorrows[address] = position.Markets.SelectMany(m => m.FixedBorrows.Where(b => !b.Owed.IsZero).Select(b => new MaturityKey(m.Market.Market, b.Maturity))).ToArray();
        }

        // Without the positions nobody can be told: a market change is then not recorded either, so the next block tells it.
        return positions is null ? none with { Refreshed = refreshed } : new NoticeReads(block, positions, refreshed, statuses);
    }

    /// <summary>True when a cached borrow of the wallet is in a later stage at <paramref name="timestamp"/> than the one told.</summary>
    private bool Due(WatchedWallet wallet, MaturityState told, long timestamp) =>
        fixedBorrows.TryGetValue(wallet.Address, out var borrows)
        && borrows.Any(b => MaturityRules.StageAt(b.Maturity, timestamp) > told.Sent.GetValueOrDefault(b));

    /// <summary>
    /// Every address's fixed borrows when the cache is older than <see cref="RefreshSeconds"/> of chain time (or time went
    /// back), else only addresses new to it: from the engine's book when it holds this block, the rest read from chain.
    /// </summary>
    private async Task<IReadOnlyDictionary<Address, IReadOnlyList<MaturityKey>>?> RefreshAsync(List<Address> addresses, BlockHeader block, CancellationToken cancellationToken)
    {
        var all = refreshedAt is not { } at || block.Timestamp - at >= RefreshSeconds || block.Timestamp < at;
        var targets = all ? addresses : addresses.Where(a => !fixedBorrows.ContainsKey(a)).ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var held = (engine as ILocalFixedBorrows)?.FixedBorrowsAt(targets, block);
        var rest = held is null ? targets : targets.Where(a => !held.ContainsKey(a)).ToList();
        var found = rest.Count == 0
            ? new Dictionary<Address, IReadOnlyList<MarketFixedBorrow>>()
            : await TryAsync(() => reader.ReadFixedBorrowsAsync(rest, block, cancellationToken), block);
        if (found is null)
        {
            return null;
        }

        // Either source gives what is owed per (market, maturity); a maturity owing nothing is no borrow in either.
        var fresh = targets.ToDictionary(a => a, a => (IReadOnlyList<MaturityKey>)(held?.GetValueOrDefault(a) is { } local
            ? local.Where(b => !b.Owed.IsZero).Select(b => new MaturityKey(b.Market, b.Maturity)).ToArray()
            : found.GetValueOrDefault(a, []).Where(b => !b.Borrow.Owed.IsZero).Select(b => new MaturityKey(b.Market.Market, b.Borrow.Maturity)).ToArray()));
        if (all)
        {
            (fixedBorrows, refreshedAt) = (new Dictionary<Address, IReadOnlyList<MaturityKey>>(fresh), block.Timestamp);
        }
        else
        {
            foreach (var (address, borrows) in fresh)
            {
                fixedBorrows[address] = borrows;
            }
        }

        return fresh;
    }

    private async Task<T?> TryAsync<T>(Func<Task<T>> read, BlockHeader block)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (RpcException ex)
        {
            // Nothing is said on a failed read; the message names the host at most, never the URL's path.
            LogReadFailed(logger, block.Number, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maturity and market notices at block {Block} could not be read ({Detail}); they are decided at a later block")]
    private static partial void LogReadFailed(ILogger logger, long block, string detail);
}
