using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>Saving and resuming: the book, the kept hashes (so a reorg across a restart is still found) and the markets.</summary>
public sealed partial class LogIndexer
{
    // 2: each listed market is saved with its listing block (a reorg across a restart unlists it).
    private const int CheckpointVersion = 2;

    /// <summary>Resumes from a checkpoint (see <see cref="Checkpoint"/>); null starts from <see cref="LogIndexerOptions.StartBlock"/>.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is from another version or is damaged.</exception>
    public LogIndexer(JsonRpcClient rpc, ProtocolDeployment deployment, LogIndexerOptions? options, LocalHealthCheckpoint? resume)
        : this(rpc, deployment, options)
    {
        if (resume is null)
        {
            return;
        }

        using var reader = new BinaryReader(new MemoryStream(resume.State));
        if (reader.ReadInt32() != CheckpointVersion)
        {
            throw new InvalidDataException("The local health checkpoint is from another version: backfill again.");
        }

        Head = reader.ReadInt64();
        Upgraded = reader.ReadBoolean();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            hashes[reader.ReadInt64()] = reader.ReadBytes(32);
        }

        Book = AccountBook.Read(reader, 1);
        Applier = new LogApplier(Book, deployment.Auditor);
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var block = reader.ReadInt64();
            List(block, reader.ReadAddress());
        }

        LiquidationsFrom = Head + 1;
        initialized = true;
    }

    /// <summary>The state after <see cref="Head"/>, for <see cref="ILocalHealthStore.SaveAsync"/>.</summary>
    public LocalHealthCheckpoint Checkpoint()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(CheckpointVersion);
            writer.Write(Head);
            writer.Write(Upgraded);
            writer.Write(hashes.Count);
            foreach (var (number, hash) in hashes)
            {
                writer.Write(number);
                writer.Write(hash);
            }

            Book.Write(writer, 1);
            writer.Write(listings.Count);
            foreach (var (block, market) in listings)
            {
                writer.Write(block);
                writer.Write(market);
            }
        }

        return new LocalHealthCheckpoint(Head, buffer.ToArray());
    }
}
