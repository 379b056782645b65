namespace Exactly.Bot.Devnet.Tests;

public sealed class NpmToolsTests
{
    [Fact]
    public void FindRoot_WalksUpToTheRepositoryToolsFolder()
    {
        var root = NpmTools.FindRoot(null, [AppContext.BaseDirectory]);
        Assert.Equal("tools", Path.GetFileName(root));
        Assert.True(File.Exists(Path.Combine(root, "package-lock.json")));
    }

    [Fact]
    public void FindRoot_ConfiguredFolderWins()
    {
        var expected = NpmTools.FindRoot(null, [AppContext.BaseDirectory]);
        Assert.Equal(expected, NpmTools.FindRoot(expected, [Path.GetTempPath()]));
    }

    [Fact]
    public void FindRoot_ConfiguredFolderWithoutPackageJson_SaysWhichSettingToFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NpmTools.FindRoot(Path.GetTempPath(), [AppContext.BaseDirectory]));
        Assert.Contains(NpmTools.ToolsEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindRoot_OutsideTheRepository_SaysHowToPointAtIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NpmTools.FindRoot(null, ["/"]));
        Assert.Contains(NpmTools.ToolsEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureInstalled_FindsTheAnvilBinary()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        Assert.True(File.Exists(tools.AnvilPath));
        Assert.True(File.Exists(tools.PackageFile("@exactly/protocol", "deployments/optimism/DebtManager_Implementation.json")));
        Assert.True(File.Exists(tools.PackageFile("exactly-protocol-0.2.24", "deployments/optimism/DebtManager_Implementation.json")));
    }
}
