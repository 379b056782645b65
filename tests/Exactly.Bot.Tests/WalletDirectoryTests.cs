using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>The default account for quotes and /position: the most recently linked wallet, else configuration; never a watch-only one.</summary>
public sealed class WalletDirectoryTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-directory-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public async Task Directory_PrefersTheLatestLinkedWallet_OverConfiguration_InPrivateChatsOnly_AndIgnoresWatchOnlyOnes()
    {
        var configured = Address.Parse($"0x{7:x40}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Wallets:telegram:42"] = configured.ToString() }).Build();
        var store = new WatchStore(new Database(path), time);
        var directory = new WalletDirectory(configuration, store);
        var message = new ChatMessage("telegram", "42", "42", "/position", "1");
        var owner = new WalletOwner("telegram", "42");

        await store.WatchAsync(owner, Address.Parse($"0x{1:x40}"), null, linked: false, default);
        Assert.Equal(configured, await directory.FindAsync(message, default));

        await store.WatchAsync(owner, Address.Parse($"0x{2:x40}"), null, linked: true, default);
        time.Advance(TimeSpan.FromSeconds(1));
        await store.WatchAsync(owner, Address.Parse($"0x{1:x40}"), null, linked: true, default);
        Assert.Equal(Address.Parse($"0x{1:x40}"), await directory.FindAsync(message, default));
        Assert.Null(await directory.FindAsync(message with { UserId = "43", ChatId = "43" }, default));

        // In a group the linked wallet would be shown to everyone: only the configured one (the demo's) is used there.
        Assert.Equal(configured, await directory.FindAsync(message with { ChatId = "-1001234567890" }, default));
    }
}
