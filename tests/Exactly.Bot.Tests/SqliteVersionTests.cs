using Dapper;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>The bundled SQLite is current (issue 10, item 17): SQLitePCLRaw 2.0.6 shipped 3.35; 2.1.x ships 3.4x–3.5x.</summary>
public sealed class SqliteVersionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BundledSqlite_IsAtLeast3_45()
    {
        var path = TempDatabase.NewPath("bot-version");
        try
        {
            await using var connection = new Database(path).Open();

            var version = Version.Parse(await connection.ExecuteScalarAsync<string>("select sqlite_version()") ?? "0.0");

            output.WriteLine($"SQLite {version}");
            Assert.True(version >= new Version(3, 45), $"SQLite {version}");
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }
}
