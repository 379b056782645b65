namespace Exactly.Bot.Discord;

/// <summary>Discord answered an error: HTTP status plus Discord's JSON error code (e.g. 50007 cannot message this user).</summary>
public sealed class DiscordApiException : Exception
{
    /// <summary>Discord's code for "Cannot send messages to this user".</summary>
    public const int CannotMessageUser = 50007;

    /// <summary>Creates the exception.</summary>
    public DiscordApiException(int status, int code, string description, double? retryAfter = null)
        : base($"Discord error {status}/{code}: {description}")
    {
        Status = status;
        Code = code;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception.</summary>
    public DiscordApiException()
        : this(0, 0, "unknown")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DiscordApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DiscordApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status.</summary>
    public int Status { get; }

    /// <summary>Discord's JSON error code (0 if none).</summary>
    public int Code { get; }

    /// <summary>Seconds to wait, on 429.</summary>
    public double? RetryAfter { get; }
}
