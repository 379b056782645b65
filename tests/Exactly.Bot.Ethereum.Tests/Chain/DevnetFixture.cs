namespace Exactly.Bot.Ethereum.Tests.Chain;

/// <summary>One devnet (anvil + Exactly deployed) shared by the chain tests of this project.</summary>
public sealed class DevnetFixture : IAsyncLifetime
{
    private Devnet.Devnet? devnet;

    public Devnet.Devnet Devnet => devnet ?? throw new InvalidOperationException("The devnet has not started.");

    public async Task InitializeAsync() => devnet = await Exactly.Bot.Devnet.Devnet.StartAsync();

    public async Task DisposeAsync()
    {
        if (devnet is not null)
        {
            await devnet.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DevnetGroup : ICollectionFixture<DevnetFixture>
{
    public const string Name = "ethereum-devnet";
}
