namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// A Solidity event: its signature, topic 0 (Keccak-256 of the canonical signature, absent for anonymous events), and a
/// decoder for logs: indexed parameters come from topics 1…3, the others from the ABI-encoded data.
/// </summary>
public sealed class AbiEvent
{
    /// <summary>Creates an event from its name and parameters (at most 3 indexed, 4 when anonymous).</summary>
    /// <exception cref="ArgumentException">Too many indexed parameters.</exception>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count(i => i.Indexed) > (anonymous ? 4 : 3))
        {
            throw new ArgumentException($"Event {name} has more indexed parameters than topics allow.", nameof(inputs));
        }

        Name = name;
        Inputs = inputs;
        Anonymous = anonymous;
        Signature = $"{name}({string.Join(',', inputs.Select(i => i.Type.Canonical))})";
        Topic0 = Keccak256.Hash(Signature);
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>All parameters in declaration order, indexed or not.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>True for <c>anonymous</c> events: no topic 0 is emitted.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>Keccak-256 of <see cref="Signature"/>: the first topic of every (non-anonymous) log of this event.</summary>
    public ReadOnlyMemory<byte> Topic0 { get; }

    /// <summary>Parses <c>[event] Name(type [indexed] [name], …) [anonymous]</c>.</summary>
    /// <exception cref="FormatException">The text is not an event signature.</exception>
    public static AbiEvent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim().TrimEnd(';').Trim();
        if (text.StartsWith("event ", StringComparison.Ordinal))
        {
            text = text["event ".Length..].TrimStart();
        }

        var anonymous = text.EndsWith(" anonymous", StringComparison.Ordinal);
        if (anonymous)
        {
            text = text[..^" anonymous".Length].TrimEnd();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(')'))
        {
            throw new FormatException($"'{text}' is not an event signature: expected Name(types).");
        }

        return new AbiEvent(text[..open].Trim(), AbiType.SplitList(text[(open + 1)..^1]).Select(AbiParameter.Parse).ToArray(), anonymous);
    }

    /// <summary>True when the log's topic 0 is this event's (always false for anonymous events).</summary>
    public bool Matches(IReadOnlyList<byte[]> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return !Anonymous && topics.Count > 0 && topics[0].AsSpan().SequenceEqual(Topic0.Span);
    }

    /// <summary>
    /// Decodes a log into one value per parameter, in declaration order. An indexed value type decodes to its value; an
    /// indexed dynamic type (string, bytes, arrays, tuples) is stored as its Keccak-256 hash and decodes to those 32 bytes.
    /// </summary>
    /// <exception cref="AbiException">Topic 0 differs, the topic count is wrong, or the data does not decode.</exception>
    public object?[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var first = Anonymous ? 0 : 1;
        if (!Anonymous && !Matches(topics))
        {
            throw new AbiException($"The log's topic 0 is not the topic of {Signature}.");
        }

        var indexed = Inputs.Where(i => i.Indexed).ToArray();
        if (topics.Count != first + indexed.Length)
        {
            throw new AbiException($"{Signature} has {indexed.Length} indexed parameters; the log has {topics.Count - first} topics.");
        }

        var body = AbiDecoder.Decode(Inputs.Where(i => !i.Indexed).Select(i => i.Type).ToArray(), data);
        var values = new object?[Inputs.Count];
        int topic = first, field = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (!Inputs[i].Indexed)
            {
                values[i] = body[field++];
            }
            else
            {
                var word = topics[topic++];
                values[i] = Inputs[i].Type.IsDynamic || Inputs[i].Type.Kind is AbiKind.Tuple or AbiKind.FixedArray
                    ? word
                    : AbiDecoder.Decode(Inputs[i].Type, word);
            }
        }

        return values;
    }

    /// <summary>The topic for an indexed value (for <c>eth_getLogs</c> filters): the 32-byte word of a value type.</summary>
    /// <exception cref="AbiException">The value does not fit, or the type is dynamic (hash it yourself).</exception>
    public static byte[] EncodeTopic(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsDynamic || type.Kind is AbiKind.Tuple or AbiKind.FixedArray)
        {
            throw new AbiException($"An indexed {type} is stored as a hash of its encoding; compute the topic from the packed value.");
        }

        return AbiEncoder.Encode(type, value);
    }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
