using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Exactly.Bot.Telegram;

/// <summary>Telegram settings (section <c>Telegram</c>). The token is a secret: set it as <c>Telegram__Token</c>.</summary>
public sealed partial class TelegramOptions : IValidatableObject
{
    /// <summary>The bot token from @BotFather (<c>Telegram__Token</c>). Never logged.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Bot API server; a self-hosted one is allowed (<c>Telegram__BaseUrl</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary><c>Polling</c> (default, getUpdates) or <c>Webhook</c> (Telegram posts to <c>/telegram/webhook</c>).</summary>
    public string Mode { get; set; } = "Polling";

    /// <summary>Webhook mode: the public HTTPS URL of <c>/telegram/webhook</c> (<c>Telegram__WebhookUrl</c>).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Webhook mode: 1–256 chars of <c>A-Za-z0-9_-</c>, echoed in <c>X-Telegram-Bot-Api-Secret-Token</c> (<c>Telegram__SecretToken</c>).</summary>
    public string? SecretToken { get; set; }

    /// <summary>The bot's @username without the @, for t.me deep links; read with getMe at start when empty.</summary>
    public string? BotUsername { get; set; }

    /// <summary>Long-poll timeout in seconds (getUpdates <c>timeout</c>).</summary>
    [Range(1, 50, ErrorMessage = "Telegram:PollTimeoutSeconds must be between 1 and 50 (Telegram__PollTimeoutSeconds): 0 would turn long polling into a busy loop.")]
    public int PollTimeoutSeconds { get; set; } = 25;

    /// <summary>Flood control: messages per second across all chats (Bot FAQ: ~30).</summary>
    [Range(1, 1000, ErrorMessage = "Telegram:GlobalPerSecond must be between 1 and 1000.")]
    public int GlobalPerSecond { get; set; } = 30;

    /// <summary>Flood control: minimum spacing of messages in one chat (Bot FAQ: ~1 per second).</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Flood control: messages per minute in one group (Bot FAQ: 20).</summary>
    [Range(1, 1000, ErrorMessage = "Telegram:GroupPerMinute must be between 1 and 1000.")]
    public int GroupPerMinute { get; set; } = 20;

    /// <summary>Added to every window so network jitter cannot push two sends inside the server's window.</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>True in webhook mode.</summary>
    public bool IsWebhook => string.Equals(Mode, "Webhook", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return new ValidationResult("Telegram:Token is not set: set the environment variable Telegram__Token to the token @BotFather gave you.");
        }

        if (!IsWebhook && !string.Equals(Mode, "Polling", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Telegram:Mode is '{Mode}': use Polling or Webhook (Telegram__Mode).");
        }

        if (IsWebhook && WebhookUrl is null)
        {
            yield return new ValidationResult("Telegram:WebhookUrl is not set: webhook mode needs the public HTTPS URL of /telegram/webhook (Telegram__WebhookUrl).");
        }

        if (IsWebhook && (SecretToken is null || !SecretPattern().IsMatch(SecretToken)))
        {
            yield return new ValidationResult("Telegram:SecretToken must be 1-256 characters of A-Za-z0-9_- in webhook mode: set Telegram__SecretToken.");
        }

        if (PerChatInterval <= TimeSpan.Zero || SafetyMargin < TimeSpan.Zero)
        {
            yield return new ValidationResult("Telegram:PerChatInterval must be positive and Telegram:SafetyMargin not negative.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
