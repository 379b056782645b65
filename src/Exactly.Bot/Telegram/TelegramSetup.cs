using Exactly.Bot.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Exactly.Bot.Telegram;

/// <summary>
/// At start: learns the bot's username (getMe), publishes the command menu (setMyCommands, from the command table) and sets
/// or deletes the webhook for the configured mode. Each call is independent: one failing is logged and the others still run
/// (a refused menu must not leave an old webhook in place, which would make every getUpdates a 409).
/// </summary>
public sealed partial class TelegramSetup(
    ITelegramBotClient client, TelegramIdentity identity, IServiceScopeFactory scopes, IOptions<TelegramOptions> options, ILogger<TelegramSetup> logger)
{
    /// <summary>Runs the start-up calls.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (identity.NeedsGetMe)
        {
            await TryAsync("getMe", async () => identity.Learn((await client.SendRequest(new GetMeRequest(), cancellationToken)).Username), cancellationToken);
        }

        await TryAsync("setMyCommands", () => client.SendRequest(new SetMyCommandsRequest { Commands = Commands() }, cancellationToken), cancellationToken);
        var o = options.Value;
        if (o.IsWebhook)
        {
            await TryAsync("setWebhook", () => client.SendRequest(new SetWebhookRequest { Url = o.WebhookUrl!.AbsoluteUri, SecretToken = o.SecretToken, AllowedUpdates = [UpdateType.Message] }, cancellationToken), cancellationToken);
        }
        else
        {
            await TryAsync("deleteWebhook", () => client.SendRequest(new DeleteWebhookRequest(), cancellationToken), cancellationToken);
        }
    }

    /// <summary>The menu: every command of the table, <c>/start</c> first (listed once even though the table has it too).</summary>
    private BotCommand[] Commands()
    {
        using var scope = scopes.CreateScope();
        var table = scope.ServiceProvider.GetRequiredService<CommandTable>();
        var commands = table.All
            .Select(c => new BotCommand(c.Name, c.Summary.Length > 256 ? c.Summary[..255] + "…" : c.Summary.PadRight(3)))
            .ToList();
        if (!commands.Any(c => c.Command == "start"))
        {
            commands.Insert(0, new BotCommand("start", "start the bot and see what it can do"));
        }

        return [.. commands.OrderBy(c => c.Command == "start" ? 0 : 1)];
    }

    private async Task TryAsync(string method, Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is RequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogSetupFailed(logger, ex, method);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram start-up call {Method} failed; carrying on with the others")]
    private static partial void LogSetupFailed(ILogger logger, Exception exception, string method);
}
