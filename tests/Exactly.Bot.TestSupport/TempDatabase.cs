namespace Exactly.Bot.TestSupport;

/// <summary>Temporary SQLite files: a fresh path per test, and their removal (WAL and shared-memory files too) once the pools let go.</summary>
public static class TempDatabase
{
    /// <summary>A path in the temp folder that does not exist yet: <c>exactly-{purpose}-{guid}.db</c>.</summary>
    public static string NewPath(string purpose) => Path.Combine(Path.GetTempPath(), $"exactly-{purpose}-{Guid.NewGuid():N}.db");

    /// <summary>Closes pooled connections and deletes the database with its <c>-wal</c> and <c>-shm</c> files.</summary>
    public static void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
