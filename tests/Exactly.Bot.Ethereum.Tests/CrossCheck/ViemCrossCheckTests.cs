using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Ethereum.Tests.CrossCheck;

/// <summary>
/// Our bytes against viem 2.37.0's (an independent implementation, run by node at test time on inputs generated here with
/// fixed seeds): ABI encoding, EIP-712 hashes and digests, and secp256k1 signatures (both RFC 6979 deterministic, low s).
/// </summary>
public class ViemCrossCheckTests
{
    private const int AbiVectors = 1_200;
    private const int TypedVectors = 400;
    private const int SignatureVectors = 300;

    [Fact]
    public async Task AbiEncoding_RandomTypesAndValues_EqualsViemAndDecodesBack()
    {
        var random = new RandomAbi(seed: 20261121);
        var cases = Enumerable.Range(0, AbiVectors).Select(_ =>
        {
            var types = Enumerable.Range(0, random.Random.Next(1, 4)).Select(_ => random.Type()).ToArray();
            return (Types: types, Values: types.Select(random.Value).ToArray());
        }).ToArray();
        var input = new JsonObject
        {
            ["abi"] = new JsonArray(cases.Select(c => (JsonNode?)new JsonObject
            {
                ["types"] = new JsonArray(c.Types.Select(t => (JsonNode?)t.Canonical).ToArray()),
                ["values"] = new JsonArray(c.Values.Select(RandomAbi.ToJson).ToArray()),
            }).ToArray()),
        };

        var expected = (await Viem.RunAsync(input))["abi"]!.AsArray();

        Assert.Equal(AbiVectors, expected.Count);
        for (var i = 0; i < cases.Length; i++)
        {
            var ours = AbiEncoder.Encode(cases[i].Types, cases[i].Values);
            Assert.True(expected[i]!.GetValue<string>() == Hex.Encode(ours), $"Case {i} ({string.Join(',', cases[i].Types)}) differs from viem.");
            var decoded = AbiDecoder.Decode(cases[i].Types, Hex.Decode(expected[i]!.GetValue<string>()));
            Assert.True(RandomAbi.DeepEqual(cases[i].Values, decoded), $"Case {i} does not decode back from viem's bytes.");
        }
    }

    [Fact]
    public async Task TypedData_RandomMessages_HashesEqualViem()
    {
        var random = new RandomTypedData(seed: 712);
        var messages = Enumerable.Range(0, TypedVectors).Select(_ => random.Next()).ToArray();
        var input = new JsonObject { ["typed"] = new JsonArray(messages.Select(m => (JsonNode?)m.ToJson()).ToArray()) };

        var expected = (await Viem.RunAsync(input))["typed"]!.AsArray();

        Assert.Equal(TypedVectors, expected.Count);
        for (var i = 0; i < messages.Length; i++)
        {
            var vector = expected[i]!;
            Assert.Equal(vector["domain"]!.GetValue<string>(), Hex.Encode(messages[i].Domain.Separator()));
            Assert.Equal(vector["struct"]!.GetValue<string>(), Hex.Encode(messages[i].HashStruct()));
            Assert.Equal(vector["digest"]!.GetValue<string>(), Hex.Encode(messages[i].Digest()));
        }
    }

    [Fact]
    public async Task Signatures_DigestsPersonalAndTypedData_EqualViemAndRecover()
    {
        var random = new RandomAbi(seed: 256);
        var typed = new RandomTypedData(seed: 257);
        var cases = Enumerable.Range(0, SignatureVectors).Select(i =>
        {
            var key = random.Bytes(32);
            key[0] = (byte)(key[0] % 0xF0 + 1); // comfortably inside 1…n-1
            return (Key: key, Kind: i % 3, Payload: random.Bytes(random.Random.Next(1, 100)), Typed: typed.Next());
        }).ToArray();
        var input = new JsonObject
        {
            ["signatures"] = new JsonArray(cases.Select(c => (JsonNode?)(c.Kind switch
            {
                0 => new JsonObject { ["key"] = Hex.Encode(c.Key), ["hash"] = Hex.Encode(Keccak256.Hash(c.Payload)) },
                1 => new JsonObject { ["key"] = Hex.Encode(c.Key), ["message"] = Hex.Encode(c.Payload) },
                _ => new JsonObject { ["key"] = Hex.Encode(c.Key), ["typed"] = c.Typed.ToJson() },
            })).ToArray()),
        };

        var expected = (await Viem.RunAsync(input))["signatures"]!.AsArray();

        for (var i = 0; i < cases.Length; i++)
        {
            var (key, kind, payload, typedData) = cases[i];
            var digest = kind switch
            {
                0 => Keccak256.Hash(payload),
                1 => PersonalMessage.Hash(payload),
                _ => typedData.Digest(),
            };
            var ours = Secp256k1.Sign(digest, key);
            var address = Address.Parse(expected[i]!["address"]!.GetValue<string>());
            Assert.Equal(address, Secp256k1.AddressOf(key));
            Assert.Equal(expected[i]!["signature"]!.GetValue<string>(), ours.ToString());
            Assert.Equal(address, Secp256k1.Recover(digest, EcdsaSignature.Parse(expected[i]!["signature"]!.GetValue<string>())));
        }
    }
}
