namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>Serialization of the book's arrays (see <see cref="AccountBookSnapshot"/>).</summary>
public sealed partial class AccountBook
{
    internal void Write(BinaryWriter writer, int version)
    {
        writer.Write(version);
        writer.Write(Count);
        writer.Write(columns.Count);
        Span<byte> bytes = stackalloc byte[20];
        for (var id = 0; id < Count; id++)
        {
            addresses[id].Write(bytes);
            writer.Write(bytes);
            writer.Write(entered[id]);
            writer.Write(untrusted[id]);
        }

        foreach (var column in columns)
        {
            for (var id = 0; id < Count; id++)
            {
                writer.Write(column.Shares[id]);
                writer.Write(column.BorrowShares[id]);
            }

            writer.Write(column.Fixed.Sum(f => f.Value.Count));
            foreach (var (id, positions) in column.Fixed)
            {
                foreach (var (maturity, value) in positions)
                {
                    writer.Write(id);
                    writer.Write(maturity);
                    writer.Write(value);
                }
            }
        }

        writer.Write(JournalLength);
        foreach (var undo in journal.Skip(journalStart))
        {
            writer.Write(undo.Block);
            writer.Write((byte)undo.Kind);
            writer.Write(undo.Id);
            writer.Write(undo.Market);
            writer.Write(undo.Maturity);
            writer.Write(undo.Before);
        }
    }

    internal static AccountBook Read(BinaryReader reader, int version)
    {
        if (reader.ReadInt32() != version)
        {
            throw new InvalidDataException($"Not an account book of version {version}.");
        }

        var book = new AccountBook();
        var count = reader.ReadInt32();
        var markets = reader.ReadInt32();
        book.Reserve(Math.Max(count, 1024));
        Span<byte> bytes = stackalloc byte[20];
        for (var id = 0; id < count; id++)
        {
            reader.BaseStream.ReadExactly(bytes);
            book.Intern(bytes);
            book.entered[id] = reader.ReadUInt64();
            book.untrusted[id] = reader.ReadBoolean();
        }

        for (var m = 0; m < markets; m++)
        {
            var column = book.Column(m);
            for (var id = 0; id < count; id++)
            {
                column.SetShares(id, reader.ReadUInt128(), ((book.entered[id] >> m) & 1) != 0);
                column.SetBorrowShares(id, reader.ReadUInt128());
            }

            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                column.SetFixed(reader.ReadInt32(), reader.ReadInt64(), reader.ReadUInt128());
            }
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            book.journal.Add(new Undo(reader.ReadInt64(), (UndoKind)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadUInt128()));
        }

        return book;
    }
}
