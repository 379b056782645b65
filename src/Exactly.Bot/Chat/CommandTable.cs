namespace Exactly.Bot.Chat;

/// <summary>Every command the bot knows, by name. Registered in DI; adding a command adds a row, not a branch.</summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, ICommand> byName;

    /// <summary>Builds the table from the registered commands.</summary>
    /// <exception cref="ArgumentException">Two commands share a name.</exception>
    public CommandTable(IEnumerable<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        All = commands.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        byName = All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every command, by name.</summary>
    public IReadOnlyList<ICommand> All { get; }

    /// <summary>The command with this name (no slash, any case), or null.</summary>
    public ICommand? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// Splits a chat line into a command name and arguments: <c>/leverage@ExactlyBot 3x USDC</c> → (<c>leverage</c>, [3x, USDC]).
    /// Null when the line does not start with a slash.
    /// </summary>
    public static (string Name, IReadOnlyList<string> Arguments)? Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words[0].Length < 2 || words[0][0] != '/')
        {
            return null;
        }

        var name = words[0][1..];
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        return (name.ToLowerInvariant(), words[1..]);
    }
}
