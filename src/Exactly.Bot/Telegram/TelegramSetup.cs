using Exactly.Bot.Chat;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>
/// At start: learns the bot's username (getMe), publishes the command menu (setMyCommands, from the command table) and sets
/// or deletes the webhook for the configured mode. Failures are logged and the bot carries on (polling retries on its own).
/// </summary>
public sealed partial class TelegramSetup(
    TelegramClient client, TelegramIdentity identity, IServiceScopeFactory scopes, IOptions<TelegramOptions> options, ILogger<TelegramSetup> logger)
{
    /// <summary>Runs the start-up calls.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (identity.NeedsGetMe)
            {
                identity.Learn((await client.SendAsync(new GetMeRequest(), cancellationToken)).Username);
            }

            await using (var scope = scopes.CreateAsyncScope())
            {
                var table = scope.ServiceProvider.GetRequiredService<CommandTable>();
                var commands = table.All
                    .Select(c => new BotCommand(c.Name, c.Summary.Length > 256 ? c.Summary[..255] + "…" : c.Summary.PadRight(3)))
                    .Prepend(new BotCommand("start", "start the bot and see what it can do"))
                    .ToArray();
                await client.SendAsync(new SetMyCommandsRequest(commands), cancellationToken);
            }

            var o = options.Value;
            if (o.IsWebhook)
            {
                await client.SendAsync(new SetWebhookRequest(o.WebhookUrl!.AbsoluteUri, o.SecretToken!), cancellationToken);
            }
            else
            {
                await client.SendAsync(new DeleteWebhookRequest(), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is TelegramApiException or HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogSetupFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram start-up calls failed; carrying on")]
    private static partial void LogSetupFailed(ILogger logger, Exception exception);
}
