namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>The undo journal: every change with its block and the value before, so a reorg restores the fork point exactly.</summary>
public sealed partial class AccountBook
{
    private readonly List<Undo> journal = [];

    // Entries before this index are forgotten: Forget advances it and compacts only when half the list is dead, so trimming
    // the oldest block each block costs O(its changes), not a move of the whole reorg window (256 blocks × 1,000 changes).
    private int journalStart;

    /// <summary>Changes kept for rollback.</summary>
    public int JournalLength => journal.Count - journalStart;

    /// <summary>Undoes every change made in blocks after <paramref name="block"/>, newest first.</summary>
    public void Rollback(long block)
    {
        var i = journal.Count - 1;
        for (; i >= journalStart && journal[i].Block > block; i--)
        {
            var undo = journal[i];
            switch (undo.Kind)
            {
                case UndoKind.Shares:
                    columns[undo.Market].SetShares(undo.Id, undo.Before, ((entered[undo.Id] >> undo.Market) & 1) != 0);
                    break;
                case UndoKind.BorrowShares:
                    columns[undo.Market].SetBorrowShares(undo.Id, undo.Before);
                    break;
                case UndoKind.Fixed:
                    columns[undo.Market].SetFixed(undo.Id, undo.Maturity, undo.Before);
                    break;
                case UndoKind.Entered:
                    entered[undo.Id] = (ulong)undo.Before;
                    columns[undo.Market].SetEntered(undo.Id, ((entered[undo.Id] >> undo.Market) & 1) != 0);
                    break;
                case UndoKind.Untrusted:
                    untrusted[undo.Id] = undo.Before != UInt128.Zero;
                    break;
            }

            Touched.Add(undo.Id);
        }

        journal.RemoveRange(i + 1, journal.Count - i - 1);
    }

    /// <summary>Forgets the changes of blocks up to <paramref name="block"/>: they can no longer be rolled back.</summary>
    public void Forget(long block)
    {
        while (journalStart < journal.Count && journal[journalStart].Block <= block)
        {
            journalStart++;
        }

        if (journalStart == journal.Count || journalStart > journal.Count / 2)
        {
            journal.RemoveRange(0, journalStart);
            journalStart = 0;
        }
    }

    private enum UndoKind : byte
    {
        Shares,
        BorrowShares,
        Fixed,
        Entered,
        Untrusted,
    }

    private readonly record struct Undo(long Block, UndoKind Kind, int Id, int Market, long Maturity, UInt128 Before);
}
