using Microsoft.Extensions.Options;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Start-up validation names the missing setting and the environment variable to set.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task TelegramWebhookWithoutToken_FailsAtStart_NamingTelegram__Token()
    {
        var settings = TransportHost.Settings(null, null);
        settings["Telegram:Mode"] = "Webhook";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TransportHost.StartAsync(settings));
        Assert.Contains("Telegram__Token", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telegram__WebhookUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telegram__SecretToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscordWithOnlyAnApplicationId_FailsAtStart_NamingTheMissingKeyAndToken()
    {
        var settings = TransportHost.Settings(null, null);
        settings["Discord:ApplicationId"] = "1";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TransportHost.StartAsync(settings));
        Assert.Contains("Discord__PublicKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Discord__BotToken", error.Message, StringComparison.Ordinal);
    }
}
