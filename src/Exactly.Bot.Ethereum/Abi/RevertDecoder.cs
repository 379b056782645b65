using System.Collections.Concurrent;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// Turns revert data into a <see cref="RevertReason"/>: <c>Error(string)</c>, <c>Panic(uint256)</c> and custom errors looked
/// up by selector in a registry fed with contract ABIs. Thread-safe; register once at start, decode anywhere.
/// </summary>
public sealed class RevertDecoder
{
    private readonly ConcurrentDictionary<uint, AbiError> errors = new();

    /// <summary>Creates a decoder that knows <c>Error(string)</c> and <c>Panic(uint256)</c> and the given errors.</summary>
    public RevertDecoder(IEnumerable<AbiError>? customErrors = null)
    {
        Register(AbiError.ErrorString);
        Register(AbiError.Panic);
        foreach (var error in customErrors ?? [])
        {
            Register(error);
        }
    }

    /// <summary>How many distinct selectors are known (including the two built-ins).</summary>
    public int Count => errors.Count;

    /// <summary>Adds an error. A selector already known keeps its first definition (same selector means same signature).</summary>
    public void Register(AbiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        errors.TryAdd(Key(error.Selector.Span), error);
    }

    /// <summary>Adds every custom error of a contract ABI.</summary>
    public void Register(ContractAbi abi)
    {
        ArgumentNullException.ThrowIfNull(abi);
        foreach (var error in abi.Errors)
        {
            Register(error);
        }
    }

    /// <summary>Decodes revert data; never throws for malformed data (that is <see cref="RevertKind.Unknown"/>).</summary>
    public RevertReason Decode(ReadOnlyMemory<byte> revertData)
    {
        if (revertData.Length == 0)
        {
            return new RevertReason(RevertKind.Empty, null, [], revertData);
        }

        if (revertData.Length < 4 || !errors.TryGetValue(Key(revertData.Span), out var error))
        {
            return new RevertReason(RevertKind.Unknown, null, [], revertData);
        }

        try
        {
            var arguments = error.Decode(revertData.Span);
            var kind = ReferenceEquals(error, AbiError.ErrorString) ? RevertKind.Error
                : ReferenceEquals(error, AbiError.Panic) ? RevertKind.Panic
                : RevertKind.Custom;
            return new RevertReason(kind, error, arguments, revertData);
        }
        catch (AbiException)
        {
            return new RevertReason(RevertKind.Unknown, null, [], revertData);
        }
    }

    /// <summary>Decodes the revert data an <c>eth_call</c> or <c>eth_estimateGas</c> failed with.</summary>
    public RevertReason Decode(RevertException revert)
    {
        ArgumentNullException.ThrowIfNull(revert);
        return Decode(revert.RevertData);
    }

    private static uint Key(ReadOnlySpan<byte> selector) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(selector);
}
