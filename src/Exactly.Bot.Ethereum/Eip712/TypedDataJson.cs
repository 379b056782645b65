using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// The JSON for <c>eth_signTypedData_v4</c> (EIP-712 "Specification of the eth_signTypedData JSON RPC"):
/// <c>{"types": {"EIP712Domain": […], …}, "primaryType", "domain", "message"}</c>. Integers are decimal strings (no precision
/// loss in JavaScript), addresses EIP-55 text, bytes 0x hex.
/// </summary>
public static class TypedDataJson
{
    /// <summary>Builds the JSON object for a typed-data message.</summary>
    /// <exception cref="ArgumentException">A value does not fit its type.</exception>
    public static JsonObject ToJson(TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        var types = new JsonObject { [TypedDataEncoder.DomainTypeName] = Fields(typedData.Domain.Fields) };
        foreach (var (name, fields) in typedData.Types.Where(t => t.Key != TypedDataEncoder.DomainTypeName))
        {
            types[name] = Fields(fields);
        }

        var domainTypes = new Dictionary<string, IReadOnlyList<TypedDataField>> { [TypedDataEncoder.DomainTypeName] = typedData.Domain.Fields };
        return new JsonObject
        {
            ["types"] = types,
            ["primaryType"] = typedData.PrimaryType,
            ["domain"] = Struct(domainTypes, TypedDataEncoder.DomainTypeName, typedData.Domain.ToMessage(), "domain"),
            ["message"] = Struct(typedData.Types, typedData.PrimaryType, typedData.Message, "message"),
        };
    }

    private static JsonArray Fields(IReadOnlyList<TypedDataField> fields) =>
        new(fields.Select(f => (JsonNode?)new JsonObject { ["name"] = f.Name, ["type"] = f.Type }).ToArray());

    private static JsonObject Struct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, IReadOnlyDictionary<string, object?> value, string path)
    {
        var json = new JsonObject();
        foreach (var field in types[type])
        {
            json[field.Name] = Value(types, field.Type, value.TryGetValue(field.Name, out var v) ? v : null, $"{path}.{field.Name}");
        }

        return json;
    }

    private static JsonNode? Value(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, object? value, string path)
    {
        if (types.ContainsKey(type))
        {
            return Struct(types, type, TypedDataEncoder.AsStruct(value, path), path);
        }

        if (TypedDataEncoder.ArrayOf(type) is var (element, _))
        {
            return new JsonArray(TypedDataEncoder.AsList(value, path).Select((item, i) => Value(types, element, item, $"{path}[{i}]")).ToArray());
        }

        if (type == "string")
        {
            return value as string ?? throw new ArgumentException($"{path} must be a string.");
        }

        if (type == "bytes" || type.StartsWith("bytes", StringComparison.Ordinal))
        {
            return value switch
            {
                byte[] bytes => Hex.Encode(bytes),
                string hex => Hex.Encode(Hex.Decode(hex)),
                _ => throw new ArgumentException($"{path} must be bytes (byte[] or 0x text)."),
            };
        }

        var abiType = AbiType.Parse(type);
        return abiType.Kind switch
        {
            AbiKind.Bool => value is bool b ? b : throw new ArgumentException($"{path} must be a bool."),
            AbiKind.Address => value switch
            {
                Address address => address.ToString(),
                string text => Address.Parse(text).ToString(),
                _ => throw new ArgumentException($"{path} must be an address."),
            },
            _ => TypedDataEncoder.Atomic(abiType, value, path) switch
            {
                BigInteger n => n.ToString(CultureInfo.InvariantCulture),
                IConvertible n => Convert.ToString(n, CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"{path} must be an integer."),
            },
        };
    }
}
