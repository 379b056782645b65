namespace Exactly.Bot.Tests;

/// <summary>The production bot (run mode, the Docker image) carries no devnet: the demo composes it from its own project.</summary>
public sealed class ProductionCompositionTests
{
    [Fact]
    public void ProductionBot_DoesNotReferenceTheDevnet()
    {
        var referenced = typeof(BotApplication).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Exactly.Bot.Protocol", referenced);
        Assert.DoesNotContain("Exactly.Bot.Devnet", referenced);
    }

    [Fact]
    public async Task ProductionBot_DemoArgument_IsNotAMode_AndNamesTheDemoProgram()
    {
        var output = new StringWriter();

        // Before the split this started anvil; now the production program has no such mode and points at the demo's own.
        var exit = await BotApplication.RunAsync(["demo"], output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("dotnet run --project src/Exactly.Bot.Demo", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(BotApplication).Assembly.GetTypes(), t => t.Name == nameof(DemoEnvironment));
        Assert.Equal("Exactly.Bot.Demo", typeof(DemoEnvironment).Assembly.GetName().Name);
    }
}
