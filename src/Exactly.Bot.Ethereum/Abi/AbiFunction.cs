namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// A typed contract function: <c>name(inputs) returns (outputs)</c>, its 4-byte selector
/// (first 4 bytes of Keccak-256 of the canonical signature), and encoders for calldata and return data.
/// </summary>
public sealed class AbiFunction
{
    private AbiFunction(string name, IReadOnlyList<AbiType> inputs, IReadOnlyList<AbiType> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Signature = $"{name}({string.Join(',', inputs.Select(i => i.Canonical))})";
        Selector = Keccak256.Hash(Signature).AsMemory(0, 4);
    }

    /// <summary>Creates a function from its name, argument types and return types (the JSON-ABI loader uses this).</summary>
    public static AbiFunction Create(string name, IReadOnlyList<AbiType> inputs, IReadOnlyList<AbiType> outputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        return new AbiFunction(name, inputs, outputs);
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>Argument types, in order.</summary>
    public IReadOnlyList<AbiType> Inputs { get; }

    /// <summary>Return types, in order.</summary>
    public IReadOnlyList<AbiType> Outputs { get; }

    /// <summary>The canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector.</summary>
    public ReadOnlyMemory<byte> Selector { get; }

    /// <summary>
    /// Parses <c>name(type [name], …) [view|pure|payable] [returns (type, …)]</c>; a leading <c>function</c> is allowed.
    /// </summary>
    /// <exception cref="FormatException">The text is not a function signature.</exception>
    public static AbiFunction Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.StartsWith("function ", StringComparison.Ordinal))
        {
            text = text["function ".Length..].TrimStart();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0)
        {
            throw new FormatException($"'{text}' is not a function signature: expected name(types).");
        }

        var close = MatchingParenthesis(text, open);
        var name = text[..open].Trim();
        var inputs = AbiType.SplitList(text[(open + 1)..close]).Select(AbiType.Parse).ToArray();
        var rest = text[(close + 1)..];
        var returns = rest.IndexOf("returns", StringComparison.Ordinal);
        AbiType[] outputs = [];
        if (returns >= 0)
        {
            var outOpen = rest.IndexOf('(', returns);
            var outClose = MatchingParenthesis(rest, outOpen);
            outputs = AbiType.SplitList(rest[(outOpen + 1)..outClose]).Select(AbiType.Parse).ToArray();
        }

        return new AbiFunction(name, inputs, outputs);
    }

    /// <summary>Calldata: selector followed by the ABI-encoded arguments.</summary>
    /// <exception cref="AbiException">An argument does not fit its type.</exception>
    public byte[] Encode(params object?[] arguments)
    {
        var body = AbiEncoder.Encode(Inputs, arguments);
        var data = new byte[4 + body.Length];
        Selector.Span.CopyTo(data);
        body.CopyTo(data, 4);
        return data;
    }

    /// <summary>Decodes return data into one value per output type.</summary>
    /// <exception cref="AbiException">The data is not a valid encoding of the outputs.</exception>
    public object?[] Decode(ReadOnlySpan<byte> returnData) => AbiDecoder.Decode(Outputs, returnData);

    /// <summary>Decodes calldata (selector checked) back into the arguments.</summary>
    /// <exception cref="AbiException">The selector differs or the arguments do not decode.</exception>
    public object?[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector.Span))
        {
            throw new AbiException($"The calldata does not start with the selector of {Signature}.");
        }

        return AbiDecoder.Decode(Inputs, calldata[4..]);
    }

    /// <inheritdoc />
    public override string ToString() => Signature;

    private static int MatchingParenthesis(string text, int open)
    {
        if (open < 0 || text[open] != '(')
        {
            throw new FormatException($"'{text}': expected '('.");
        }

        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"'{text}': unbalanced parentheses.");
    }
}
