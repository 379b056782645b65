namespace Exactly.Bot.Devnet;

/// <summary>A cross-process lock held as an exclusively opened file; released (and the handle closed) on dispose.</summary>
sealed class InstallLock(FileStream stream) : IAsyncDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<InstallLock> AcquireAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // FileShare.None makes a second opener fail with IOException until we close; the OS drops it if we crash.
                return new InstallLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
