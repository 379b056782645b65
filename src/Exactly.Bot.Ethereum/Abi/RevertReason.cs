using System.Globalization;
using System.Numerics;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>What kind of revert a <see cref="RevertReason"/> is.</summary>
public enum RevertKind
{
    /// <summary>No revert data: a bare <c>revert()</c>, <c>require(cond)</c>, out of gas, or a call to a non-contract.</summary>
    Empty,

    /// <summary><c>Error(string)</c>: <c>require(cond, "reason")</c> or <c>revert("reason")</c>.</summary>
    Error,

    /// <summary><c>Panic(uint256)</c>: a compiler-inserted check failed (overflow, division by zero, assert…).</summary>
    Panic,

    /// <summary>A custom error found in the registry by its selector.</summary>
    Custom,

    /// <summary>Revert data that matches no known error (or does not decode as the error it claims).</summary>
    Unknown,
}

/// <summary>A decoded revert: the error, its arguments and a sentence a person can read.</summary>
/// <param name="Kind">Which kind of revert.</param>
/// <param name="Error">The matched error definition; null for <see cref="RevertKind.Empty"/> and <see cref="RevertKind.Unknown"/>.</param>
/// <param name="Arguments">The decoded arguments (empty when none or unknown).</param>
/// <param name="Data">The raw revert data.</param>
public sealed record RevertReason(RevertKind Kind, AbiError? Error, IReadOnlyList<object?> Arguments, ReadOnlyMemory<byte> Data)
{
    /// <summary>
    /// The revert as text: <c>InsufficientAccountLiquidity()</c>, <c>Error("reason")</c>,
    /// <c>Panic(0x11: arithmetic overflow or underflow)</c>, <c>revert without data</c>, or <c>unknown error 0x…</c>.
    /// </summary>
    public string Message => Kind switch
    {
        RevertKind.Empty => "revert without data",
        RevertKind.Error => $"Error(\"{Arguments[0]}\")",
        RevertKind.Panic => $"Panic(0x{((BigInteger)Arguments[0]!).ToString("x2", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(2, '0')}: {PanicCodes.Describe((BigInteger)Arguments[0]!)})",
        RevertKind.Custom => $"{Error!.Name}({string.Join(", ", Arguments.Select(Format))})",
        _ => $"unknown error {Hex.Encode(Data.Span)}",
    };

    /// <inheritdoc />
    public override string ToString() => Message;

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        byte[] b => Hex.Encode(b),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        object?[] items => "[" + string.Join(", ", items.Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
