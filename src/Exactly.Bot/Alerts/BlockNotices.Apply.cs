using Exactly.Bot.Protocol.Positions;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Alerts;

/// <summary>The decision half of <see cref="BlockNotices"/>: inside the block's transaction, against what was already said.</summary>
public sealed partial class BlockNotices
{
    /// <summary>
    /// Decides the notices of <paramref name="reads"/> against the stored records, writes the new records and returns one
    /// message per user and kind (maturity reminders, market notices), for the caller to enqueue in the same transaction.
    /// Only wallets with alerts on take part; a snooze does not hold these back (they are facts with a deadline, like a
    /// liquidation).
    /// </summary>
    public IReadOnlyList<(WalletOwner Owner, AlertMessage Message)> Apply(SqliteConnection connection, SqliteTransaction transaction, NoticeReads reads, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var block = reads.Block;
        // Re-read inside the transaction: a wallet unwatched since the reads started gets nothing.
        var wallets = WatchStore.All(connection, transaction).Where(w => w.AlertsOn).ToList();
        var maturity = new Dictionary<WalletOwner, List<AlertSection>>();
        var sent = NoticeStore.ReadMaturity(connection, transaction);
        foreach (var wallet in wallets)
        {
            var before = sent.GetValueOrDefault(wallet.Id, MaturityState.Empty);
            MaturityState after;
            if (reads.Positions.TryGetValue(wallet.Address, out var position))
            {
                (after, var reminders) = MaturityRules.Observe(before, position);
                Add(maturity, wallet.Owner, reminders.Select(r => AlertText.Maturity(Context(wallet, position), r)));
            }
            else if (reads.Refreshed?.TryGetValue(wallet.Address, out var borrows) == true)
            {
                // Repaid borrows leave the record, so a new borrow at the same maturity is reminded again.
                var owed = borrows.ToHashSet();
                after = new MaturityState(before.Sent.Where(e => owed.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value));
            }
            else
            {
                continue;
            }

            if (after.Encode() != before.Encode())
            {
                NoticeStore.WriteMaturity(connection, transaction, wallet.Id, after, block.Number, nowMs);
            }
        }

        var markets = Markets(connection, transaction, reads, wallets, nowMs);
        return maturity.Select(p => (p.Key, AlertMessages.Block(block.Number, p.Value, "Maturity reminder")))
            .Concat(markets.Select(p => (p.Key, AlertMessages.Block(block.Number, p.Value, "Market notice"))))
            .ToList();
    }

    /// <summary>Each market change since what its users were told: a section per change to every wallet using the market.</summary>
    private Dictionary<WalletOwner, List<AlertSection>> Markets(
        SqliteConnection connection, SqliteTransaction transaction, NoticeReads reads, List<WatchedWallet> wallets, long nowMs)
    {
        var sections = new Dictionary<WalletOwner, List<AlertSection>>();
        if (reads.Statuses is null)
        {
            return sections;
        }

        var told = NoticeStore.ReadMarkets(connection, transaction);
        foreach (var status in reads.Statuses)
        {
            var market = status.Market.Market;
            var changes = told.GetValueOrDefault(market, MarketNoticeState.Normal).ChangesTo(status);
            if (changes.Count == 0)
            {
                continue;
            }

            foreach (var wallet in wallets)
            {
                if (reads.Positions.TryGetValue(wallet.Address, out var position) && position.Markets.FirstOrDefault(m => m.Market.Market == market) is { Used: true } used)
                {
                    Add(sections, wallet.Owner, changes.Select(c => AlertText.MarketChanged(Context(wallet, position), used, c)));
                }
            }

            NoticeStore.WriteMarket(connection, transaction, market, new MarketNoticeState(status.Paused, status.Frozen == true), reads.Block.Number, nowMs);
        }

        return sections;
    }

    private AlertContext Context(WatchedWallet wallet, WalletPosition position) =>
        new(position, wallet.Label, wallet.Thresholds, LiquidationPrices.For(position), AlertText.StalenessNotes(position, options.Value.MaxPriceAge));

    private static void Add(Dictionary<WalletOwner, List<AlertSection>> sections, WalletOwner owner, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            (sections.TryGetValue(owner, out var list) ? list : sections[owner] = []).Add(new AlertSection(text, null));
        }
    }
}
