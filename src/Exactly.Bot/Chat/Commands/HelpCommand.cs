using System.Globalization;
using System.Text;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/help [command]</c>: what the bot can do, or how one command is used.</summary>
public sealed class HelpCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "help";

    /// <inheritdoc />
    public string Usage => "/help [command]";

    /// <inheritdoc />
    public string Summary => "list the commands, or explain one";

    /// <inheritdoc />
    public string Example => "/help leverage";

    /// <inheritdoc />
    public Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // From the context, not the constructor: the table holds this command too.
        var table = context.Table;
        if (context.Arguments.Count > 0)
        {
            var command = table.Find(context.Arguments[0].TrimStart('/'));
            return Task.FromResult(command is null
                ? Reply.Error($"There is no /{UserText.Echo(context.Arguments[0].TrimStart('/'))} command. Type /help to see them all.", Example)
                : Reply.Plain($"{command.Usage}\n{command.Summary}\nExample: {command.Example}"));
        }

        var text = new StringBuilder("Exactly Bot quotes leverage on Exactly Protocol and hands you a link to sign it in your own wallet.\n" +
            "It also watches your wallets' health factors and alerts you by direct message before liquidation: /watch, /alert, /alerts.\n");
        foreach (var command in table.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{command.Usage} — {command.Summary}");
        }

        return Task.FromResult(Reply.Plain(text.ToString()));
    }
}
