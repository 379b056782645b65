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

    /// <summary>The saved checkpoint, or null when nothing was saved yet.</summary>
    Task<LocalHealthCheckpoint?> LoadAsync(CancellationToken cancellationToken = default);
}
