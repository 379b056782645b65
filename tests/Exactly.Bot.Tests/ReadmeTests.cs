namespace Exactly.Bot.Tests;

/// <summary>README's prerequisites name everything its test command needs on a fresh machine (issue 10, item 19).</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task Prerequisites_NameChromium_WithItsInstallLine()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Exactly.Bot.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var readme = await File.ReadAllTextAsync(Path.Combine(root.FullName, "README.md"));
        var start = readme.IndexOf("### Prerequisites", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Prerequisites section");
        var end = readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var prerequisites = readme[start..(end < 0 ? readme.Length : end)];

        Assert.Contains("/usr/bin/chromium", prerequisites, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y chromium", prerequisites, StringComparison.Ordinal);
    }
}
