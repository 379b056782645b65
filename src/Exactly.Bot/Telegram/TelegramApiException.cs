namespace Exactly.Bot.Telegram;

/// <summary>The Bot API answered <c>ok: false</c>.</summary>
public sealed class TelegramApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TelegramApiException(int errorCode, string description, int? retryAfter)
        : base($"Telegram error {errorCode}: {description}")
    {
        ErrorCode = errorCode;
        Description = description;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception.</summary>
    public TelegramApiException()
        : this(0, "unknown", null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TelegramApiException(string message)
        : this(0, message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TelegramApiException(string message, Exception innerException)
        : base(message, innerException) => Description = message;

    /// <summary>HTTP-like code: 400 bad request, 403 forbidden (blocked, cannot initiate), 409 conflict, 429 flood.</summary>
    public int ErrorCode { get; }

    /// <summary>Telegram's description (never contains the token).</summary>
    public string Description { get; } = string.Empty;

    /// <summary>Seconds to wait, on 429.</summary>
    public int? RetryAfter { get; }
}
