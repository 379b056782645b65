namespace Exactly.Bot.Devnet.Tests;

/// <summary>One devnet shared by the tests of a collection; started once, stopped when the collection ends.</summary>
public sealed class DevnetFixture : IAsyncLifetime
{
    Devnet? devnet;

    public Devnet Devnet => devnet ?? throw new InvalidOperationException("The devnet has not started.");

    public async Task InitializeAsync() => devnet = await Devnet.StartAsync();

    public async Task DisposeAsync()
    {
        if (devnet is not null)
            await devnet.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DevnetGroup : ICollectionFixture<DevnetFixture>
{
    public const string Name = "devnet";
}
