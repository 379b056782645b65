using Dapper;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The bot (real Kestrel, real SQLite file) wired to the loopback fakes; no chain unless base settings bring one.</summary>
public sealed class TransportHost : IAsyncDisposable
{
    private TransportHost(WebApplication app, string databasePath, bool ownsDatabase)
    {
        App = app;
        DatabasePath = databasePath;
        OwnsDatabase = ownsDatabase;
    }

    public WebApplication App { get; }

    public string DatabasePath { get; }

    private bool OwnsDatabase { get; }

    public Uri Url => new(App.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

    public static string NewDatabasePath() => TempDatabase.NewPath("transport");

    public static Dictionary<string, string?> Settings(FakeTelegramServer? telegram, FakeDiscordServer? discord, IReadOnlyDictionary<string, string?>? baseSettings = null)
    {
        var settings = new Dictionary<string, string?>(baseSettings ?? new Dictionary<string, string?>
        {
            ["Chain:ChainId"] = "10",
            ["Chain:RpcUrls:0"] = "http://127.0.0.1:9/",
        })
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("TRANSPORT_TEST_LOG") ?? "Warning",
        };
        if (telegram is not null)
        {
            settings["Telegram:Token"] = telegram.Token;
            settings["Telegram:BaseUrl"] = telegram.BaseUrl.ToString();
            settings["Telegram:PollTimeoutSeconds"] = "2";
        }

        if (discord is not null)
        {
            settings["Discord:ApplicationId"] = discord.Options.ApplicationId;
            settings["Discord:PublicKey"] = discord.PublicKeyHex;
            settings["Discord:BotToken"] = discord.Options.BotToken;
            settings["Discord:BaseUrl"] = discord.ApiUrl.ToString();
        }

        return settings;
    }

    public static async Task<TransportHost> StartAsync(
        Dictionary<string, string?> settings, string? databasePath = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null, Action<IServiceCollection>? overrides = null)
    {
        var owns = databasePath is null;
        databasePath ??= NewDatabasePath();
        settings["Storage:Path"] = databasePath;
        var app = BotApplication.Build([], settings, console: null, overrides);
        if (logs is not null)
        {
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().AddProvider(logs);
        }

        await app.StartAsync();
        return new TransportHost(app, databasePath, owns);
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public long Count(string sql)
    {
        using var connection = Get<Database>().Open();
        return connection.ExecuteScalar<long>(sql);
    }

    /// <summary>
    /// Sends the PING Discord sends when an endpoint's URL is saved, and checks the PONG. Before a test's first command it also
    /// takes the fresh host's cold first request (Kestrel, signature check, JSON) out of that command's 3 s: on a loaded machine
    /// the command alone took longer, so the fake (rightly, as Discord does) refused the deferred reply's edit (Unknown Webhook).
    /// </summary>
    public static async Task PingDiscordAsync(FakeDiscordServer discord, Uri endpoint)
    {
        var ping = discord.Command("ping", "1");
        ping["type"] = 1;
        Assert.Equal(1, (await discord.SendInteractionAsync(endpoint, ping)).Response!["type"]!.GetValue<int>());
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Moves <paramref name="time"/> on by <paramref name="step"/> (and wakes the outbox) until <paramref name="condition"/>
    /// holds: back-offs and bounds run on the injected clock, so nothing waits for them in real time.
    /// </summary>
    public async Task AdvanceUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, int maxSteps = 200)
    {
        for (var i = 0; !condition(); i++)
        {
            if (i == maxSteps)
            {
                throw new TimeoutException($"Still not true after {maxSteps} steps of {step}: {what}");
            }

            time.Advance(step);
            Get<Exactly.Bot.Hosting.OutboxSignal>().Notify();
            // Real time between steps too: the fakes count Telegram's per-chat second on their own (real) clock.
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (OwnsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }
    }

    public static void DeleteDatabase(string path) => TempDatabase.Delete(path);
}
