using System.Numerics;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>The meaning of <c>Panic(uint256)</c> codes (Solidity documentation, "Panic via assert and Error via require").</summary>
public static class PanicCodes
{
    /// <summary>A sentence for a panic code, e.g. 0x11 → "arithmetic overflow or underflow".</summary>
    public static string Describe(BigInteger code) => (int)BigInteger.Min(code, int.MaxValue) switch
    {
        0x00 => "generic compiler-inserted panic",
        0x01 => "assert failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "conversion to an enum out of range",
        0x22 => "incorrectly encoded storage byte array",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "too much memory allocated",
        0x51 => "call to a zero-initialized function variable",
        _ => "unknown panic code",
    };
}
