namespace Exactly.Bot.FakePlatforms;

/// <summary>The fake's limits: Telegram's published ones by default.</summary>
public sealed class FakeTelegramOptions
{
    public string Token { get; set; } = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz";

    public string BotUsername { get; set; } = "ExactlyTestBot";

    public int GlobalPerSecond { get; set; } = 30;

    public long PerChatIntervalMs { get; set; } = 1000;

    public int GroupPerMinute { get; set; } = 20;
}
