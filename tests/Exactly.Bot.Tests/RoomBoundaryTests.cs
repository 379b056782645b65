using System.Reflection;
using System.Text.RegularExpressions;

namespace Exactly.Bot.Tests;

/// <summary>The rooms' directions (docs/ARCHITECTURE.md): Chat may call Signing and Linking, never the reverse.</summary>
public sealed partial class RoomBoundaryTests
{
    [Theory]
    [InlineData("Signing", 10)]
    [InlineData("Linking", 3)]
    public void SigningAndLinkingSources_NameNothingFromChat(string room, int atLeastFiles)
    {
        var folder = Path.Combine(AppSettingsFileTests.RepositoryRoot(), "src", "Exactly.Bot", room);

        var offenders = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => l.line.Contains("Exactly.Bot.Chat", StringComparison.Ordinal) || ChatMember().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(Directory.EnumerateFiles(folder, "*.cs").Count() > atLeastFiles, $"the {room} folder was not found");
        Assert.Empty(offenders);
    }

    [Fact]
    public void SigningTypes_TakeOrReturnNoChatType()
    {
        var signing = typeof(Signing.SigningLinks).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Exactly.Bot.Signing", StringComparison.Ordinal) == true)
            .ToList();

        var offenders = signing
            .SelectMany(t => Signature(t).SelectMany(Unwrap).Select(used => (t, used)))
            .Where(p => p.used.Namespace?.StartsWith("Exactly.Bot.Chat", StringComparison.Ordinal) == true)
            .Select(p => $"{p.t.Name} uses {p.used.FullName}")
            .Distinct()
            .ToList();

        Assert.Contains(signing, t => t == typeof(Signing.ReceiptWatcher));
        Assert.Empty(offenders);
    }

    /// <summary>Every type a type's shape names: base, interfaces, fields (primary-constructor captures), properties, members' parameters and returns.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var members = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
        return new[] { type.BaseType }.Concat(type.GetInterfaces())
            .Concat(type.GetFields(all).Select(f => f.FieldType))
            .Concat(type.GetProperties(all).Select(p => p.PropertyType))
            .Concat(members.SelectMany(m => m.GetParameters().Select(p => p.ParameterType)))
            .Concat(type.GetMethods(all).Select(m => m.ReturnType))
            .OfType<Type>();
    }

    private static IEnumerable<Type> Unwrap(Type type) =>
        type.HasElementType ? Unwrap(type.GetElementType()!)
        : type.IsGenericType ? new[] { type }.Concat(type.GetGenericArguments().SelectMany(Unwrap))
        : [type];

    /// <summary>A qualified reference such as <c>Chat.Reply</c> (what a file without the using would write).</summary>
    [GeneratedRegex(@"(?<![\w.])Chat\.[A-Z]\w*")]
    private static partial Regex ChatMember();
}
