using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Chat.Commands;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>
/// The alert commands over a real SQLite file and a moved clock, without a chain: they read and write the store only. Lines
/// are routed the way <see cref="ChatBot"/> routes them (<see cref="CommandTable.Split"/>, then the table).
/// </summary>
public sealed class AlertCommandsHarness : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exactly-bot-alert-commands-{Guid.NewGuid():N}.db");
    private readonly CommandTable table;

    public AlertCommandsHarness()
    {
        Database = new Database(path);
        Store = new WatchStore(Database, Time);
        table = new CommandTable([new WatchCommand(Store), new UnwatchCommand(Store), new WalletsCommand(Store, Time), new AlertCommand(Store), new AlertsCommand(Store, Time), new SnoozeCommand(Store, Time)]);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public Database Database { get; }

    public WatchStore Store { get; }

    /// <summary>A Telegram private chat: the chat id is the user's id.</summary>
    public static ChatMessage Private(string userId, string text) => new("telegram", userId, userId, text, Guid.NewGuid().ToString("N"));

    /// <summary>A Telegram group: a negative chat id, read by everyone in it.</summary>
    public static ChatMessage Group(string userId, string text) => new("telegram", "-1001234567890", userId, text, Guid.NewGuid().ToString("N"));

    public Task<Reply> RunAsync(ChatMessage message)
    {
        var (name, arguments) = CommandTable.Split(message.Text)!.Value;
        var command = table.Find(name) ?? throw new InvalidOperationException($"/{name} is not an alert command");
        return command.HandleAsync(new CommandContext(message, arguments, table), CancellationToken.None);
    }

    public Task<Reply> PrivateAsync(string userId, string text) => RunAsync(Private(userId, text));

    public Task<Reply> GroupAsync(string userId, string text) => RunAsync(Group(userId, text));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}
