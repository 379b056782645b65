namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// A Solidity custom error (<c>error InsufficientAccountLiquidity();</c>, Solidity ≥ 0.8.4): its canonical signature,
/// 4-byte selector (first 4 bytes of Keccak-256 of the signature, like a function) and the ABI-encoded arguments.
/// </summary>
public sealed class AbiError
{
    /// <summary>Creates an error from its name and parameters.</summary>
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs;
        Types = inputs.Select(i => i.Type).ToArray();
        Signature = $"{name}({string.Join(',', Types.Select(t => t.Canonical))})";
        Selector = Keccak256.Hash(Signature).AsMemory(0, 4);
    }

    /// <summary><c>Error(string)</c>: what <c>require(cond, "reason")</c> and <c>revert("reason")</c> throw.</summary>
    public static AbiError ErrorString { get; } = Parse("Error(string message)");

    /// <summary><c>Panic(uint256)</c>: what the compiler throws on overflow, division by zero, failed asserts… (Solidity ≥ 0.8).</summary>
    public static AbiError Panic { get; } = Parse("Panic(uint256 code)");

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The parameter types, in order.</summary>
    public IReadOnlyList<AbiType> Types { get; }

    /// <summary>The canonical signature, e.g. <c>InsufficientAccountLiquidity()</c>.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector revert data starts with.</summary>
    public ReadOnlyMemory<byte> Selector { get; }

    /// <summary>Parses <c>[error] Name(type [name], …)</c>.</summary>
    /// <exception cref="FormatException">The text is not an error signature.</exception>
    public static AbiError Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim().TrimEnd(';');
        if (text.StartsWith("error ", StringComparison.Ordinal))
        {
            text = text["error ".Length..].TrimStart();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(')'))
        {
            throw new FormatException($"'{text}' is not an error signature: expected Name(types).");
        }

        return new AbiError(text[..open].Trim(), AbiType.SplitList(text[(open + 1)..^1]).Select(AbiParameter.Parse).ToArray());
    }

    /// <summary>Revert data for this error: selector followed by the ABI-encoded arguments.</summary>
    /// <exception cref="AbiException">An argument does not fit its type.</exception>
    public byte[] Encode(params object?[] arguments) => [.. Selector.Span, .. AbiEncoder.Encode(Types, arguments)];

    /// <summary>True when <paramref name="revertData"/> starts with this error's selector.</summary>
    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData[..4].SequenceEqual(Selector.Span);

    /// <summary>Decodes revert data (selector checked) into one value per parameter.</summary>
    /// <exception cref="AbiException">The selector differs or the arguments do not decode.</exception>
    public object?[] Decode(ReadOnlySpan<byte> revertData)
    {
        if (!Matches(revertData))
        {
            throw new AbiException($"The revert data does not start with the selector of {Signature}.");
        }

        return AbiDecoder.Decode(Types, revertData[4..]);
    }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
