using System.Numerics;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// An EIP-2612 <c>Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)</c>: the owner lets
/// <paramref name="Spender"/> spend <paramref name="Value"/> (token base units, or shares for a Market) until
/// <paramref name="Deadline"/> (Unix seconds). <paramref name="Nonce"/> is the token's <c>nonces(owner)</c>.
/// </summary>
public sealed record Eip2612Permit(Address Owner, Address Spender, BigInteger Value, BigInteger Nonce, BigInteger Deadline)
{
    /// <summary>The primary type name.</summary>
    public const string PrimaryType = "Permit";

    /// <summary>The <c>Permit</c> struct type.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; } = new Dictionary<string, IReadOnlyList<TypedDataField>>
    {
        [PrimaryType] =
        [
            new("owner", "address"),
            new("spender", "address"),
            new("value", "uint256"),
            new("nonce", "uint256"),
            new("deadline", "uint256"),
        ],
    };

    /// <summary>The message as typed data in <paramref name="domain"/> (check it against the token's <c>DOMAIN_SEPARATOR()</c>).</summary>
    public TypedData ToTypedData(Eip712Domain domain) => new(domain, Types, PrimaryType, new Dictionary<string, object?>
    {
        ["owner"] = Owner,
        ["spender"] = Spender,
        ["value"] = Value,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    });
}
