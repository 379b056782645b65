namespace Exactly.Bot.Ethereum.Abi;

/// <summary>A value does not fit its ABI type, or bytes are not a valid encoding of the expected types.</summary>
public sealed class AbiException : Exception
{
    /// <summary>Creates the exception with a sentence saying what did not fit.</summary>
    public AbiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a lower-level fault.</summary>
    public AbiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public AbiException()
        : base("Invalid ABI data.")
    {
    }
}
