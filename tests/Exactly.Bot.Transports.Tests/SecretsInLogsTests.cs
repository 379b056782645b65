using Exactly.Bot.FakePlatforms;
using Exactly.Bot.TestSupport;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The Telegram token is in every Bot API URL and Discord's interaction tokens are in webhook URLs: neither is logged.</summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task AtTraceLevel_NoLogLineContainsTheTelegramTokenOrAnInteractionToken()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var discord = await FakeDiscordServer.StartAsync();
        var logs = new LogCapture();
        var settings = TransportHost.Settings(telegram, discord);
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace"; // appsettings.json quiets it; open it fully here
        string token;
        await using (var host = await TransportHost.StartAsync(settings, logs: logs))
        {
            telegram.StartedBy(5);
            telegram.PushMessage(5, 5, "/help");
            await TransportHost.PingDiscordAsync(discord, new Uri(host.Url, "/discord/interactions"));
            var interaction = discord.Command("nothing", "8");
            token = interaction["token"]!.GetValue<string>();
            await discord.SendInteractionAsync(new Uri(host.Url, "/discord/interactions"), interaction);
            await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Length == 1 && discord.SentSnapshot().Length == 1, "both replies are delivered");
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(telegram.Token, StringComparison.Ordinal) || l.Contains(token, StringComparison.Ordinal) || l.Contains(discord.Options.BotToken, StringComparison.Ordinal));
    }
}
