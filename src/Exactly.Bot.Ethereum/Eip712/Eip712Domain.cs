using System.Numerics;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// The EIP-712 domain: any subset of <c>name</c>, <c>version</c>, <c>chainId</c>, <c>verifyingContract</c>, <c>salt</c>.
/// The <c>EIP712Domain</c> type lists exactly the fields that are set, in that fixed order (EIP-712, "Definition of domainSeparator").
/// </summary>
public sealed record Eip712Domain
{
    /// <summary>The signing domain's user-readable name (a Market share permit uses <c>""</c>, which is still present).</summary>
    public string? Name { get; init; }

    /// <summary>The current major version of the domain, e.g. <c>"1"</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The EIP-155 chain id (10 for Optimism).</summary>
    public BigInteger? ChainId { get; init; }

    /// <summary>The contract that verifies the signature.</summary>
    public Address? VerifyingContract { get; init; }

    /// <summary>A 32-byte disambiguating salt.</summary>
    public byte[]? Salt { get; init; }

    /// <summary>The <c>EIP712Domain</c> type for exactly the fields that are set.</summary>
    public IReadOnlyList<TypedDataField> Fields
    {
        get
        {
            var fields = new List<TypedDataField>(5);
            if (Name is not null)
            {
                fields.Add(new("name", "string"));
            }

            if (Version is not null)
            {
                fields.Add(new("version", "string"));
            }

            if (ChainId is not null)
            {
                fields.Add(new("chainId", "uint256"));
            }

            if (VerifyingContract is not null)
            {
                fields.Add(new("verifyingContract", "address"));
            }

            if (Salt is not null)
            {
                fields.Add(new("salt", "bytes32"));
            }

            return fields;
        }
    }

    /// <summary>The domain as a struct value, keyed by field name.</summary>
    public IReadOnlyDictionary<string, object?> ToMessage()
    {
        var message = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Name is not null)
        {
            message["name"] = Name;
        }

        if (Version is not null)
        {
            message["version"] = Version;
        }

        if (ChainId is { } chainId)
        {
            message["chainId"] = chainId;
        }

        if (VerifyingContract is { } contract)
        {
            message["verifyingContract"] = contract;
        }

        if (Salt is not null)
        {
            message["salt"] = Salt;
        }

        return message;
    }

    /// <summary>
    /// The domain separator, <c>hashStruct(EIP712Domain)</c>: what a contract's <c>DOMAIN_SEPARATOR()</c> returns.
    /// </summary>
    public byte[] Separator() => TypedDataEncoder.HashStruct(
        new Dictionary<string, IReadOnlyList<TypedDataField>> { [TypedDataEncoder.DomainTypeName] = Fields }, TypedDataEncoder.DomainTypeName, ToMessage());
}
