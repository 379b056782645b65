namespace Exactly.Bot.Ethereum.Abi;

/// <summary>Solidity ABI encoding (specification "Formal Specification of the Encoding"), computed by Nethereum.ABI. Pure: no I/O.</summary>
public static class AbiEncoder
{
    /// <summary>Encodes <paramref name="values"/> as the tuple <paramref name="types"/> (how call arguments are encoded).</summary>
    /// <exception cref="AbiException">A value does not fit its type (wrong CLR type, out of range, wrong length or count).</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return NethereumAbi.Encode(types, values);
    }

    /// <summary>Encodes one value of one type, as a one-element tuple.</summary>
    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value]);
}
