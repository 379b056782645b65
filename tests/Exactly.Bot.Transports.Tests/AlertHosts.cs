using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.FakePlatforms;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The alert tests' devnet, shared by their classes (one anvil, tests in sequence).</summary>
[CollectionDefinition(Name)]
public sealed class AlertDevnetGroup : ICollectionFixture<AlertDevnetFixture>
{
    public const string Name = "alerts devnet";
}

/// <summary>The alert tests' current-generation devnet (0.2.24 artifacts).</summary>
[CollectionDefinition(Name)]
public sealed class CurrentAlertDevnetGroup : ICollectionFixture<CurrentAlertDevnetFixture>
{
    public const string Name = "alerts devnet, current generation";
}

/// <summary>Starts the bot for alert tests: the monitor's loop off, passes driven by the test, one block mined per pass.</summary>
public static class AlertHosts
{
    public static Dictionary<string, string?> Settings(AlertDevnetFixture fixture, FakeTelegramServer? telegram, FakeDiscordServer? discord)
    {
        var settings = TransportHost.Settings(telegram, discord, fixture.Demo.Settings);
        settings["Alerts:Enabled"] = "false";
        return settings;
    }

    public static Task<TransportHost> StartAsync(Dictionary<string, string?> settings, string? databasePath = null, TimeProvider? time = null) =>
        TransportHost.StartAsync(settings, databasePath, overrides: s =>
        {
            if (time is not null)
            {
                s.AddSingleton(time);
            }
        });

    public static async Task WatchAsync(this TransportHost host, string transport, string userId, Address address, string label)
    {
        var (outcome, _) = await host.Get<WatchStore>().WatchAsync(new WalletOwner(transport, userId), address, label, linked: false, CancellationToken.None);
        Assert.Equal(WatchOutcome.Added, outcome);
    }

    /// <summary>Mines a block, then runs one monitor pass (so every pass sees a new head).</summary>
    public static async Task<MonitorPass> TickAsync(this TransportHost host, AlertDevnetFixture fixture)
    {
        await fixture.Devnet.MineAsync();
        return await host.Get<AlertMonitor>().EvaluateOnceAsync(CancellationToken.None);
    }

    /// <summary><paramref name="count"/> passes, each on a new block.</summary>
    public static async Task<List<MonitorPass>> TicksAsync(this TransportHost host, AlertDevnetFixture fixture, int count)
    {
        var passes = new List<MonitorPass>();
        for (var i = 0; i < count; i++)
        {
            passes.Add(await host.TickAsync(fixture));
        }

        return passes;
    }
}
