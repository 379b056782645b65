using System.Text.RegularExpressions;

namespace Exactly.Bot.Tests;

/// <summary>
/// The house rules a newcomer relies on (docs/ARCHITECTURE.md, issue 11): the rooms inside <c>src/Exactly.Bot</c> reference
/// each other in one direction only, and no source file is longer than a reader can hold (250 lines).
/// </summary>
public sealed partial class HouseRulesTests
{
    private const int MaxFileLines = 250;

    [Fact]
    public void RoomsOfExactlyBot_ReferenceEachOther_WithoutACycle()
    {
        var root = Path.Combine(AppSettingsFileTests.RepositoryRoot(), "src", "Exactly.Bot");
        var rooms = Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "wwwroot" or "Properties"))
            .ToList();
        var uses = rooms.ToDictionary(room => room, room => Directory.EnumerateFiles(Path.Combine(root, room), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .SelectMany(text => rooms.Where(other => other != room && Names(other).IsMatch(text)))
            .ToHashSet());

        var cycles = uses.SelectMany(pair => pair.Value.Where(used => Reaches(uses, used, pair.Key, [])).Select(used => $"{pair.Key} → {used} → … → {pair.Key}")).ToList();

        Assert.True(rooms.Count >= 8, $"rooms not found under {root}");
        Assert.Contains("Storage", uses["Hosting"]);
        Assert.Empty(cycles);
    }

    [Fact]
    public void SourceFiles_AreAtMost250Lines()
    {
        var src = Path.Combine(AppSettingsFileTests.RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var tooLong = files.Select(f => (File: Path.GetRelativePath(src, f), Lines: File.ReadLines(f).Count())).Where(f => f.Lines > MaxFileLines).ToList();

        Assert.True(files.Count > 100, $"sources not found under {src}");
        Assert.Empty(tooLong);
    }

    /// <summary>A reference to <paramref name="room"/>'s namespace: a using or a qualified name.</summary>
    private static Regex Names(string room) => new($@"\bExactly\.Bot\.{Regex.Escape(room)}\b", RegexOptions.CultureInvariant);

    private static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string to, HashSet<string> seen) =>
        from == to || (seen.Add(from) && uses[from].Any(next => Reaches(uses, next, to, seen)));
}
