namespace Exactly.Bot.Protocol;

/// <summary>
/// An expected result or an expected failure (DESIGN.md #6): a failure carries a sentence for the user, not an exception.
/// Infrastructure faults (RPC down, ABI mismatch) still throw.
/// </summary>
/// <typeparam name="T">The value on success.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Outcome<T>.Fail(\"…\") names the type at the call site, as Result types do.")]
public sealed record Outcome<T>
{
    private Outcome(T? value, string? error, string? example)
    {
        Value = value;
        Error = error;
        Example = example;
    }

    /// <summary>The value; only meaningful when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>What was wrong, as a sentence for the user; null on success.</summary>
    public string? Error { get; }

    /// <summary>A command that would work instead, when the failure suggests one (e.g. the max ratio).</summary>
    public string? Example { get; }

    /// <summary>True when there is a value.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A success.</summary>
    public static Outcome<T> Ok(T value) => new(value, null, null);

    /// <summary>An expected failure with a sentence saying what was wrong and, optionally, a command that works.</summary>
    public static Outcome<T> Fail(string error, string? example = null) => new(default, error, example);
}
