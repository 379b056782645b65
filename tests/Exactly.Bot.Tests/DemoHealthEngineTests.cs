using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>The demo's alert monitor runs on the log engine, backfilled from the devnet's deployment block.</summary>
public sealed class DemoHealthEngineTests(DemoWorldFixture fixture) : IClassFixture<DemoWorldFixture>
{
    [Fact]
    public async Task Demo_DefaultSettings_MonitorsWithTheLogEngineFromTheDeploymentBlock()
    {
        var services = fixture.App.Services;
        var engine = Assert.IsType<StoredLogHealthEngine>(services.GetRequiredService<IHealthEngine>());
        var monitor = services.GetRequiredService<AlertMonitor>();
        // As DemoApplication does: the demo wallet watched by the console user.
        await services.GetRequiredService<WatchStore>().WatchAsync(
            new WalletOwner("console", Console.ConsoleTransport.UserId), fixture.Demo.Devnet.DemoWallet, "demo", linked: true, CancellationToken.None);
        for (var i = 0; i < 4 && engine.Engine?.LastWasLocal != true; i++)
        {
            await fixture.Demo.Devnet.MineAsync();
            await monitor.EvaluateOnceAsync(CancellationToken.None);
        }

        Assert.True(engine.Engine!.LastWasLocal, "the demo's monitor never answered from local state");
        Assert.False(engine.Engine.Diverged, engine.Engine.Divergence);
        // The backfill's first block is the Auditor's deployment: no code the block before, code at it.
        var start = Assert.IsType<long>(engine.StartBlock);
        var auditor = fixture.Demo.Devnet.Deployment.Auditor;
        Assert.Empty(await fixture.Demo.Devnet.Rpc.GetCodeAsync(auditor, BlockParameter.Number(start - 1)));
        Assert.NotEmpty(await fixture.Demo.Devnet.Rpc.GetCodeAsync(auditor, BlockParameter.Number(start)));
    }
}
