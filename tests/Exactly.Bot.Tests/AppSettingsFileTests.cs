using System.Text.Json;
using Exactly.Bot.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Tests;

/// <summary>One <c>appsettings.json</c>, at the top of the repository, is the file the bot reads (DESIGN.md layout).</summary>
public sealed class AppSettingsFileTests
{
    [Fact]
    public void Repository_HasOneAppSettingsFile_AtTheTop()
    {
        var root = RepositoryRoot();

        var files = Directory.EnumerateFiles(root, "appsettings*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or ".git"))
            .ToList();

        Assert.Equal(["appsettings.json"], files);
    }

    [Fact]
    public async Task RunMode_ReadsTheDeploymentFromTheTopLevelFile()
    {
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "appsettings.json")));
        var chain = file.RootElement.GetProperty("Chain");

        // Only the RPC URL is the operator's; everything else must come from the file.
        await using var app = BotApplication.Build(["--Urls=http://127.0.0.1:0"], [new("Chain:RpcUrls:0", "http://127.0.0.1:1/")], console: null);
        var options = app.Services.GetRequiredService<IOptions<ChainOptions>>().Value;

        Assert.Equal(chain.GetProperty("ChainId").GetInt64(), options.ChainId);
        Assert.Equal(chain.GetProperty("Auditor").GetString(), options.Auditor);
        Assert.Equal(chain.GetProperty("DebtManager").GetString(), options.DebtManager);
        Assert.Equal(chain.GetProperty("Previewer").GetString(), options.Previewer);
    }

    /// <summary>The clone's top folder (where Exactly.Bot.sln is), found above the test's output folder.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exactly.Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Exactly.Bot.sln not found above the test's output folder.");
    }
}
