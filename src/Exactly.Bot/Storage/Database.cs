using Dapper;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Storage;

/// <summary>
/// The bot's SQLite file. One connection per unit of work (connections are not thread-safe); WAL with
/// <c>synchronous=FULL</c> so a committed row survives a crash and a power loss (PLATFORMS.md, SQLite).
/// </summary>
public sealed class Database
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS signing_sessions (
            id           TEXT PRIMARY KEY,
            transport    TEXT NOT NULL,
            chat_id      TEXT NOT NULL,
            user_id      TEXT NOT NULL,
            command      TEXT NOT NULL,
            quote_json   TEXT NOT NULL,
            status       TEXT NOT NULL,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL
        );
        """,
    ];

    private readonly string connectionString;

    static Database() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (and creates or migrates) the database file at <paramref name="path"/>.</summary>
    public Database(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode=WAL;");
        var version = connection.ExecuteScalar<long>("PRAGMA user_version;");
        for (var i = (int)version; i < Migrations.Length; i++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(Migrations[i], transaction: transaction);
            connection.Execute($"PRAGMA user_version = {i + 1};", transaction: transaction);
            transaction.Commit();
        }
    }

    /// <summary>A new open connection with the per-connection pragmas set. Dispose it when the unit of work ends.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }
}
