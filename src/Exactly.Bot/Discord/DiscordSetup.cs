using Exactly.Bot.Chat;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>Registers the slash commands at start by bulk overwrite (<c>PUT /applications/{id}/commands</c>, idempotent).</summary>
public sealed partial class DiscordSetup(DiscordClient client, IServiceScopeFactory scopes, IOptions<DiscordOptions> options, ILogger<DiscordSetup> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var commands = DiscordCommandCatalog.Build(scope.ServiceProvider.GetRequiredService<CommandTable>().All);
            await client.SendAsync(new DiscordRequest<bool>(HttpMethod.Put, $"/applications/{options.Value.ApplicationId}/commands", commands), stoppingToken);
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the Discord slash commands failed; the previous registration stays in effect")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
