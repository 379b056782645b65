namespace Exactly.Bot.FakePlatforms;

/// <summary>The fake's limits: Telegram's published ones by default.</summary>
public sealed class FakeTelegramOptions
{
    public string Token { get; set; } = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz";

    public string BotUsername { get; set; } = "ExactlyTestBot";

    public int GlobalPerSecond { get; set; } = 30;

    public long PerChatIntervalMs { get; set; } = 1000;

    public int GroupPerMinute { get; set; } = 20;

    /// <summary>
    /// The clock the limits are counted on. A test that moves the bot's clock (a FakeTimeProvider) gives the fake the same
    /// one, so "1 per second per chat" means the same second on both sides.
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Fault mode: every sendPhoto is refused with this error code (e.g. 500, as an overloaded Bot API server answers), forever.</summary>
    public int? RefusePhotosWith { get; set; }

    /// <summary>Fault mode: setMyCommands is refused with this error code.</summary>
    public int? RefuseSetMyCommandsWith { get; set; }

    /// <summary>Fault mode: getUpdates answers at once, ignoring its <c>timeout</c> (a broken or hostile Bot API server).</summary>
    public bool AnswerGetUpdatesAtOnce { get; set; }
}
