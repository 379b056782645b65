using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Nethereum.ABI.EIP712;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// The JSON for <c>eth_signTypedData_v4</c> (EIP-712 "Specification of the eth_signTypedData JSON RPC"):
/// <c>{"types": {"EIP712Domain": […], …}, "primaryType", "domain", "message"}</c>. Integers are decimal strings (no precision
/// loss in JavaScript; Nethereum's own JSON writes them as numbers), addresses EIP-55 text, bytes 0x hex.
/// </summary>
public static class TypedDataJson
{
    /// <summary>Builds the JSON object for a typed-data message, from the same checked values that are hashed.</summary>
    /// <exception cref="ArgumentException">A value does not fit its type.</exception>
    public static JsonObject ToJson(TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        var raw = NethereumTypedData.Raw(typedData.Types, typedData.PrimaryType, typedData.Message, typedData.Domain);
        var types = new JsonObject();
        foreach (var name in raw.Types.Keys.Where(k => k != TypedDataEncoder.DomainTypeName).Prepend(TypedDataEncoder.DomainTypeName))
        {
            types[name] = new JsonArray(raw.Types[name].Select(f => (JsonNode?)new JsonObject { ["name"] = f.Name, ["type"] = f.Type }).ToArray());
        }

        return new JsonObject
        {
            ["types"] = types,
            ["primaryType"] = typedData.PrimaryType,
            ["domain"] = Struct(raw, TypedDataEncoder.DomainTypeName, raw.DomainRawValues),
            ["message"] = Struct(raw, typedData.PrimaryType, raw.Message),
        };
    }

    private static JsonObject Struct(TypedDataRaw raw, string type, MemberValue[] values) =>
        new(raw.Types[type].Zip(values, (field, value) => KeyValuePair.Create(field.Name, Value(raw, value.TypeName, value.Value))));

    private static JsonNode? Value(TypedDataRaw raw, string type, object value) => value switch
    {
        MemberValue[] members => Struct(raw, type, members),
        byte[] bytes => Hex.Encode(bytes),
        IList items => new JsonArray(items.Cast<object>().Select(item => Value(raw, NethereumTypedData.ArrayOf(type)!.Value.Element, item)).ToArray()),
        string text when type == "address" => Address.Parse(text).ToString(),
        string text => text,
        bool flag => flag,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
