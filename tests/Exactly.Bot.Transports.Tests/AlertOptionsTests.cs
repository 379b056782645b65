using Microsoft.Extensions.Options;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The monitor's settings are validated at start, with a sentence naming the setting.</summary>
public sealed class AlertOptionsTests
{
    [Theory]
    [InlineData("Alerts:PollInterval", "00:00:00.001", "Alerts:PollInterval")]
    [InlineData("Alerts:PauseNoticeDelay", "00:00:01", "Alerts:PauseNoticeDelay")]
    public async Task AlertsSettingOutOfRange_FailsAtStart_NamingIt(string key, string value, string named)
    {
        var settings = TransportHost.Settings(null, null);
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TransportHost.StartAsync(settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
