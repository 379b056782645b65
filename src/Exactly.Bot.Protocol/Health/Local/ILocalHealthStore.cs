namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// A saved <see cref="LogIndexer"/>: the head it reached and its opaque state (book with undo journal, kept block hashes,
/// listed markets, flags), written by <see cref="LogIndexer.Checkpoint"/> and given back to
/// <see cref="LogIndexer(Ethereum.Rpc.JsonRpcClient, ProtocolDeployment, LogIndexerOptions?, LocalHealthCheckpoint?)"/>.
/// </summary>
/// <param name="Head">The last applied block.</param>
/// <param name="State">The serialized state.</param>
public sealed record LocalHealthCheckpoint(long Head, byte[] State);

/// <summary>Where local health state is kept between runs, so a restart resumes from the head instead of re-reading history.</summary>
public interface ILocalHealthStore
{
    /// <summary>Replaces the saved checkpoint.</summary>
    Task SaveAsync(LocalHealthCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The saved checkpoint, or null when nothing was saved yet (or it was cleared).</summary>
    Task<LocalHealthCheckpoint?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets the saved checkpoint: its state is not trusted, so a restart must backfill instead of resuming it.</summary>
    Task ClearAsync(CancellationToken cancellationToken = default);
}
