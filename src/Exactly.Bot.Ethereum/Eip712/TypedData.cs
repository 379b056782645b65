namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// An EIP-712 typed-data message: domain, struct types, primary type and message — what <c>eth_signTypedData_v4</c> signs.
/// Values: integers as <see cref="System.Numerics.BigInteger"/>/<see cref="int"/>/<see cref="long"/> or decimal/0x strings;
/// <see cref="Address"/> or address text; <c>byte[]</c> or 0x text for <c>bytes</c>/<c>bytesN</c>; <see cref="bool"/>;
/// <see cref="string"/>; lists for arrays; <c>IReadOnlyDictionary&lt;string, object?&gt;</c> for structs.
/// </summary>
/// <param name="Domain">The signing domain.</param>
/// <param name="Types">The struct types by name; <c>EIP712Domain</c> may be left out (it is derived from <paramref name="Domain"/>).</param>
/// <param name="PrimaryType">The name of the message's type.</param>
/// <param name="Message">The message, keyed by member name.</param>
public sealed record TypedData(
    Eip712Domain Domain,
    IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types,
    string PrimaryType,
    IReadOnlyDictionary<string, object?> Message)
{
    /// <summary><c>hashStruct(message)</c>.</summary>
    /// <exception cref="ArgumentException">A type is unknown or a value does not fit its type.</exception>
    public byte[] HashStruct() => TypedDataEncoder.HashStruct(Types, PrimaryType, Message);

    /// <summary>The 32-byte digest that is signed: <c>keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))</c>.</summary>
    /// <exception cref="ArgumentException">A type is unknown or a value does not fit its type.</exception>
    public byte[] Digest() => TypedDataEncoder.Digest(this);

    /// <summary>The JSON object <c>eth_signTypedData_v4</c> takes (see <see cref="TypedDataJson"/>).</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => TypedDataJson.ToJson(this);
}
