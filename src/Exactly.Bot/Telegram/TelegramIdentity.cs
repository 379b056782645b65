using Microsoft.Extensions.Options;

namespace Exactly.Bot.Telegram;

/// <summary>The bot's own @username (configured, or read with getMe at start) for t.me deep links.</summary>
public sealed class TelegramIdentity(IOptions<TelegramOptions> options)
{
    private string? fromGetMe;

    /// <summary>The username without @; <c>bot</c> until known.</summary>
    public string Username => options.Value.BotUsername is { Length: > 0 } configured ? configured : fromGetMe ?? "bot";

    /// <summary>Whether a username is still needed from getMe.</summary>
    public bool NeedsGetMe => string.IsNullOrEmpty(options.Value.BotUsername) && fromGetMe is null;

    /// <summary>Records getMe's answer.</summary>
    public void Learn(string? username) => fromGetMe = username;
}
