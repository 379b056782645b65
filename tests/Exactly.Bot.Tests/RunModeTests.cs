namespace Exactly.Bot.Tests;

/// <summary>`run` mode checks its configuration at start and names what is missing.</summary>
public sealed class RunModeTests
{
    [Fact]
    public async Task Run_WithoutRpcUrl_StopsWithASentenceNamingTheSetting()
    {
        var error = new StringWriter();

        var exit = await BotApplication.RunAsync(["run", "--Urls=http://127.0.0.1:0"], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("Chain:RpcUrls is empty", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Chain__RpcUrls__0=", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMode_PrintsUsageAndFails()
    {
        var output = new StringWriter();

        var exit = await BotApplication.RunAsync(["banana"], output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("demo", output.ToString(), StringComparison.Ordinal);
    }
}
