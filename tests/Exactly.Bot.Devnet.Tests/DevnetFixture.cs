namespace Exactly.Bot.Devnet.Tests;

/// <summary>
/// One devnet per test class (<c>IClassFixture</c>): tests in a class share it and run one after another; classes get their
/// own chain, so one class moving time or adding borrowers cannot shift another class's exact figures. A start costs ~0.5 s.
/// </summary>
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
