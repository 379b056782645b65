using System.Text;
using Nethereum.ABI.EIP712;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// EIP-712 as pure functions: <c>encodeType</c> and <c>typeHash</c> (ours: Nethereum keeps its <c>encodeType</c> private),
/// <c>hashStruct</c> and the digest (Nethereum.ABI's <see cref="Eip712TypedDataEncoder"/>).
/// </summary>
public static class TypedDataEncoder
{
    /// <summary>The reserved name of the domain type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    /// <summary>
    /// <c>encodeType</c>: <c>Primary(type name,…)</c> followed by every struct type it references (directly or not), those sorted
    /// by name, e.g. <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The primary type is not in <paramref name="types"/>.</exception>
    public static string EncodeType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
    {
        ArgumentNullException.ThrowIfNull(types);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        CollectReferences(types, primaryType, referenced);
        referenced.Remove(primaryType);
        var builder = new StringBuilder();
        foreach (var name in referenced.Prepend(primaryType))
        {
            builder.Append(name).Append('(').AppendJoin(',', types[name].Select(f => $"{f.Type} {f.Name}")).Append(')');
        }

        return builder.ToString();
    }

    /// <summary><c>typeHash = keccak256(encodeType(type))</c>.</summary>
    public static byte[] TypeHash(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType) =>
        Keccak256.Hash(EncodeType(types, primaryType));

    /// <summary><c>hashStruct(s) = keccak256(typeHash ‖ encodeData(s))</c>, computed by Nethereum's EIP-712 encoder.</summary>
    /// <exception cref="ArgumentException">A type is unknown, a member is missing, or a value does not fit its type.</exception>
    public static byte[] HashStruct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType, IReadOnlyDictionary<string, object?> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (primaryType == DomainTypeName)
        {
            var domain = NethereumTypedData.Raw(types, DomainTypeName, data, null);
            domain.DomainRawValues = domain.Message;
            return Nethereum(() => Eip712TypedDataEncoder.Current.HashDomainSeparator(domain));
        }

        // Nethereum exposes a struct hash only next to a domain's: an empty domain costs one more hash of a type name.
        var raw = NethereumTypedData.Raw(types, primaryType, data, new Eip712Domain());
        return Nethereum(() => Eip712TypedDataEncoder.Current.CalculateTypedDataHashes(raw).MessageHash);
    }

    /// <summary>
    /// The signed digest of a whole message, <c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))</c>, in one
    /// pass of Nethereum's encoder.
    /// </summary>
    /// <exception cref="ArgumentException">A type is unknown, a member is missing, or a value does not fit its type.</exception>
    internal static byte[] Digest(TypedData typedData)
    {
        var raw = NethereumTypedData.Raw(typedData.Types, typedData.PrimaryType, typedData.Message, typedData.Domain);
        return Keccak256.Hash(Nethereum(() => Eip712TypedDataEncoder.Current.EncodeTypedDataRaw(raw)));
    }

    private static byte[] Nethereum(Func<byte[]> hash)
    {
        try
        {
            return hash();
        }
        catch (Exception e) when (e is not ArgumentException and not OutOfMemoryException)
        {
            // Values are checked before they reach Nethereum; what it still refuses (an integer out of range) is the caller's.
            throw new ArgumentException(e.InnerException?.Message ?? e.Message, e);
        }
    }

    private static void CollectReferences(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, ISet<string> found)
    {
        while (NethereumTypedData.ArrayOf(type) is var (element, _))
        {
            type = element;
        }

        if (!types.TryGetValue(type, out var fields) || !found.Add(type))
        {
            if (found.Count == 0)
            {
                throw new ArgumentException($"The type '{type}' is not defined.", nameof(type));
            }

            return;
        }

        foreach (var field in fields)
        {
            CollectReferences(types, field.Type, found);
        }
    }
}
