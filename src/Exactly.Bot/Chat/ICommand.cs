namespace Exactly.Bot.Chat;

/// <summary>What a command handler gets: who asked, and the words after the command name.</summary>
/// <param name="Message">The inbound message.</param>
/// <param name="Arguments">Words after the command, split on white space.</param>
/// <param name="Table">The table the command was found in (what <c>/help</c> lists).</param>
public sealed record CommandContext(ChatMessage Message, IReadOnlyList<string> Arguments, CommandTable Table);

/// <summary>One chat command. Commands live in a table (<see cref="CommandTable"/>), not a growing switch.</summary>
public interface ICommand
{
    /// <summary>The name without the slash, lower case, e.g. <c>leverage</c>.</summary>
    string Name { get; }

    /// <summary>The syntax, e.g. <c>/leverage &lt;ratio&gt; &lt;ASSET&gt; [amount]</c>.</summary>
    string Usage { get; }

    /// <summary>One line saying what the command does.</summary>
    string Summary { get; }

    /// <summary>A command line that works, shown with every usage error.</summary>
    string Example { get; }

    /// <summary>True when the command may answer with a quote and a signing link: the per-user quote limit applies to it.</summary>
    bool CreatesSigningSessions => false;

    /// <summary>Handles the command. Expected failures are <see cref="Reply.Error"/> values; only faults throw.</summary>
    Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken);
}
