namespace Exactly.Bot.FakePlatforms;

/// <summary>The fake's identity and limits.</summary>
public sealed class FakeDiscordOptions
{
    public string ApplicationId { get; set; } = "424242";

    public string BotToken { get; set; } = "discord-test-bot-token";

    public int KeySeed { get; set; } = 7;

    public int GlobalPerSecond { get; set; } = 50;

    public int BucketLimit { get; set; } = 5;

    public long BucketWindowMs { get; set; } = 1000;

    /// <summary>How long an enforced nonce is remembered ("the past few minutes" in Discord's docs).</summary>
    public long NonceWindowMs { get; set; } = 5 * 60_000;

    /// <summary>Fault mode: every message carrying a file is refused with this HTTP status (e.g. 500), forever.</summary>
    public int? RefuseFilesWith { get; set; }
}
