namespace Exactly.Bot.Protocol;

/// <summary>
/// An expected result or an expected failure (DESIGN.md #6): a failure carries a sentence for the user, not an exception.
/// Infrastructure faults (RPC down, ABI mismatch) still throw.
/// </summary>
/// <typeparam name="T">The value on success.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Outcome<T>.Fail(\"…\") names the type at the call site, as Result types do.")]
public sealed record Outcome<T>
{
    private Outcome(T? value, string? error, string? example, Quotes.QuoteRefusal? refusal = null)
    {
        Value = value;
        Error = error;
        Example = example;
        Refusal = refusal;
    }

    /// <summary>The value; only meaningful when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>What was wrong, as a sentence for the user; null on success.</summary>
    public string? Error { get; }

    /// <summary>
    /// Unused by the protocol's own refusals (they are typed, <see cref="Refusal"/>, and the chat writes the example); kept for
    /// callers outside the protocol that have a command to suggest.
    /// </summary>
    public string? Example { get; }

    /// <summary>A typed reason when a quote was refused (the caller words it and suggests what works); null otherwise.</summary>
    public Quotes.QuoteRefusal? Refusal { get; }

    /// <summary>True when there is a value.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A success.</summary>
    public static Outcome<T> Ok(T value) => new(value, null, null);

    /// <summary>An expected failure with a sentence saying what was wrong and, optionally, a command that works.</summary>
    public static Outcome<T> Fail(string error, string? example = null) => new(default, error, example);

    /// <summary>
    /// A quote refused for its size. <see cref="Error"/> still holds a plain sentence (no command syntax) for callers that
    /// do not look at <see cref="Refusal"/>.
    /// </summary>
    public static Outcome<T> Refuse(Quotes.QuoteRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var what = refusal.Reason == Quotes.QuoteRefusalReason.DepositAboveSupply
            ? $"deposit more {refusal.Market.Symbol} than exists"
            : $"borrow more {refusal.Market.Symbol} than the market holds to lend";
        return new(default, $"No market could serve this amount: it would {what}.", null, refusal);
    }

    /// <summary>
    /// A quote refused for <paramref name="refusal"/>'s reason; <paramref name="sentence"/> says it in plain words with no
    /// command syntax (the signing page shows it as is; the chat adds a command that works).
    /// </summary>
    public static Outcome<T> Refuse(Quotes.QuoteRefusal refusal, string sentence)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentException.ThrowIfNullOrWhiteSpace(sentence);
        return new(default, sentence, null, refusal);
    }
}
