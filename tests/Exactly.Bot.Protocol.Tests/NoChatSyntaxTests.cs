using System.Text.RegularExpressions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// Protocol returns typed refusals (<see cref="Quotes.QuoteRefusal"/>) and plain sentences; the chat words them and writes
/// every command example, so no chat command appears in Protocol's sources.
/// </summary>
public sealed partial class NoChatSyntaxTests
{
    [Fact]
    public void ProtocolSources_HoldNoChatCommand()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Exactly.Bot.Protocol");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();

        var offenders = sources
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => ChatCommand().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(folder, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(sources.Count > 20, $"only {sources.Count} sources found under {folder}");
        Assert.Empty(offenders);
    }

    /// <summary>A command (<c>/leverage</c>, <c>/deleverage</c>, <c>/markets</c>, <c>/position</c>), or a string that opens with a slash command built from parts.</summary>
    [GeneratedRegex(@"/(leverage|deleverage|markets|position)\b|\$""/\{")]
    private static partial Regex ChatCommand();

    private static string RepositoryRoot()
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
