using Exactly.Bot.FakePlatforms;

namespace Exactly.Bot.Transports.Tests;

/// <summary>One devnet (anvil + Exactly) and one bot wired to both fakes, for the leverage flow tests.</summary>
public sealed class LeverageFlowFixture : IAsyncLifetime
{
    public const long TelegramUser = 42;
    public const string DiscordUser = "7001";

    public DemoEnvironment Demo { get; private set; } = null!;

    public FakeTelegramServer Telegram { get; private set; } = null!;

    public FakeDiscordServer Discord { get; private set; } = null!;

    public TransportHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        Telegram = await FakeTelegramServer.StartAsync();
        Discord = await FakeDiscordServer.StartAsync();
        var settings = TransportHost.Settings(Telegram, Discord, Demo.Settings);
        settings[$"Wallets:telegram:{TelegramUser}"] = Demo.Devnet.DemoWallet.ToString();
        settings[$"Wallets:discord:{DiscordUser}"] = Demo.Devnet.DemoWallet.ToString();
        Host = await TransportHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Telegram.DisposeAsync();
        await Discord.DisposeAsync();
        await Demo.DisposeAsync();
    }
}
