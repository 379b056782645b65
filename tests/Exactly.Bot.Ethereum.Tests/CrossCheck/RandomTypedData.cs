using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;

namespace Exactly.Bot.Ethereum.Tests.CrossCheck;

/// <summary>Seeded random EIP-712 messages: several struct types referencing each other (acyclic), arrays, any domain subset.</summary>
public sealed class RandomTypedData(int seed)
{
    private static readonly string[] StructNames = ["Mail", "Person", "Asset", "Zeta", "Alpha", "Order", "Beta", "Leg"];
    private readonly RandomAbi abi = new(seed);

    private Random Random => abi.Random;

    public TypedData Next()
    {
        var names = StructNames.OrderBy(_ => Random.Next()).Take(Random.Next(1, 4)).ToArray();
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>();
        for (var i = names.Length - 1; i >= 0; i--)
        {
            // A struct may reference only structs defined after it in this list: no cycles.
            var fields = Enumerable.Range(0, Random.Next(1, 5))
                .Select(f => new TypedDataField($"f{f}", FieldType(names[(i + 1)..])))
                .ToArray();
            types[names[i]] = fields;
        }

        var message = (IReadOnlyDictionary<string, object?>)Value(types, names[0])!;
        return new TypedData(Domain(), types, names[0], message);
    }

    public Eip712Domain Domain() => new()
    {
        Name = Random.Next(4) == 0 ? null : abi.Text(),
        Version = Random.Next(3) == 0 ? null : Random.Next(1, 9).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChainId = Random.Next(4) == 0 ? null : new BigInteger(Random.Next(1, int.MaxValue)),
        VerifyingContract = Random.Next(4) == 0 ? null : new Address(abi.Bytes(20)),
        Salt = Random.Next(3) == 0 ? abi.Bytes(32) : null,
    };

    private string FieldType(string[] laterStructs)
    {
        var roll = Random.Next(laterStructs.Length > 0 ? 10 : 8);
        var element = roll switch
        {
            0 => "uint" + (8 * Random.Next(1, 33)),
            1 => "int" + (8 * Random.Next(1, 33)),
            2 => "address",
            3 => "bool",
            4 => "bytes" + Random.Next(1, 33),
            5 => "string",
            6 => "bytes",
            7 => "uint256",
            _ => laterStructs[Random.Next(laterStructs.Length)],
        };
        return Random.Next(5) switch
        {
            0 => element + "[]",
            1 => element + $"[{Random.Next(1, 3)}]",
            _ => element,
        };
    }

    private object? Value(Dictionary<string, IReadOnlyList<TypedDataField>> types, string type)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var length = type[(open + 1)..^1];
            var count = length.Length == 0 ? Random.Next(0, 3) : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            return Enumerable.Range(0, count).Select(_ => Value(types, type[..open])).ToArray();
        }

        if (types.TryGetValue(type, out var fields))
        {
            return fields.ToDictionary(f => f.Name, f => Value(types, f.Type)) as IReadOnlyDictionary<string, object?>;
        }

        return abi.Value(AbiType.Parse(type));
    }
}
