using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Discord;

/// <summary>Discord settings (section <c>Discord</c>). Secrets come from the environment, e.g. <c>Discord__BotToken</c>.</summary>
public sealed class DiscordOptions : IValidatableObject
{
    /// <summary>The application id (Developer Portal → General Information) (<c>Discord__ApplicationId</c>).</summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>The application's Ed25519 public key, 64 hex characters (<c>Discord__PublicKey</c>).</summary>
    public string PublicKey { get; set; } = string.Empty;

    /// <summary>The bot token (<c>Discord__BotToken</c>). Never logged.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>REST base URL including the version (<c>Discord__BaseUrl</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>Global REST limit, requests per second (Discord: 50).</summary>
    [Range(1, 10_000, ErrorMessage = "Discord:GlobalPerSecond must be between 1 and 10000.")]
    public int GlobalPerSecond { get; set; } = 50;

    /// <summary>How far a signed timestamp may be from now before the request is refused as a replay.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, what) in new[]
        {
            ("ApplicationId", ApplicationId, "the application id"), ("PublicKey", PublicKey, "the public key"), ("BotToken", BotToken, "the bot token"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult($"Discord:{name} is not set: set the environment variable Discord__{name} to {what} from the Developer Portal.");
            }
        }

        if (PublicKey.Length > 0 && (PublicKey.Length != 64 || !PublicKey.All(Uri.IsHexDigit)))
        {
            yield return new ValidationResult("Discord:PublicKey must be 64 hex characters (the Developer Portal's public key): set Discord__PublicKey.");
        }
    }
}
