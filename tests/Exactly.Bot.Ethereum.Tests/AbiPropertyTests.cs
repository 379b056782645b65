using System.Numerics;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Tests.CrossCheck;
using FsCheck;
using FsCheck.Fluent;

namespace Exactly.Bot.Ethereum.Tests;

/// <summary>FsCheck properties: decode(encode(x)) == x for random types (nested tuples, arrays) and values.</summary>
public class AbiPropertyTests
{
    private static readonly Gen<AbiType> Atomic = Gen.OneOf(
        Gen.Choose(1, 32).Select(n => AbiType.Parse($"uint{8 * n}")),
        Gen.Choose(1, 32).Select(n => AbiType.Parse($"int{8 * n}")),
        Gen.Constant(AbiType.AddressType),
        Gen.Constant(AbiType.Parse("bool")),
        Gen.Choose(1, 32).Select(n => AbiType.Parse($"bytes{n}")),
        Gen.Elements(AbiType.Parse("bytes"), AbiType.Parse("string")));

    private static Gen<AbiType> TypeGen(int depth) => depth <= 0
        ? Atomic
        : Gen.Frequency(
            (4, Atomic),
            (1, TypeGen(depth - 1).Select(t => AbiType.Parse(t.Canonical + "[]"))),
            (1, TypeGen(depth - 1).Zip(Gen.Choose(1, 3), (t, k) => AbiType.Parse($"{t.Canonical}[{k}]"))),
            (1, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(TypeGen(depth - 1), n)).Select(AbiType.Tuple)));

    private static Gen<BigInteger> IntegerGen(BigInteger min, BigInteger max) =>
        Gen.OneOf(
            Gen.Elements(min, max, BigInteger.Zero, BigInteger.Max(min, BigInteger.MinusOne)),
            Gen.ArrayOf(Gen.Choose(0, 255), 33).Select(bytes => min + (new BigInteger(bytes.Select(b => (byte)b).Append((byte)0).ToArray()) % (max - min + 1))));

    private static Gen<object?> ValueGen(AbiType type) => type.Kind switch
    {
        AbiKind.UInt => IntegerGen(BigInteger.Zero, (BigInteger.One << type.Size) - 1).Select(v => (object?)v),
        AbiKind.Int => IntegerGen(-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1).Select(v => (object?)v),
        AbiKind.Address => Bytes(20).Select(b => (object?)new Address(b)),
        AbiKind.Bool => Gen.Elements(true, false).Select(b => (object?)b),
        AbiKind.FixedBytes => Bytes(type.Size).Select(b => (object?)b),
        AbiKind.Bytes => Gen.Choose(0, 80).SelectMany(Bytes).Select(b => (object?)b),
        AbiKind.String => Gen.ArrayOf(Gen.Elements("a", "é", "€", "😀", " ", "x"), 5).Select(s => (object?)string.Concat(s)),
        AbiKind.FixedArray => Gen.ArrayOf(ValueGen(type.Element!), type.Size).Select(a => (object?)a),
        AbiKind.Array => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(ValueGen(type.Element!), n)).Select(a => (object?)a),
        _ => Gen.CollectToArray(type.Components, ValueGen).Select(a => (object?)a),
    };

    private static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(Gen.Choose(0, 255), length).Select(a => a.Select(b => (byte)b).ToArray());

    [Fact]
    public void DecodeOfEncode_IsIdentity_ForRandomTypesAndValues()
    {
        var cases = Gen.Choose(1, 3)
            .SelectMany(n => Gen.ArrayOf(TypeGen(3), n))
            .SelectMany(types => Gen.CollectToArray(types, ValueGen).Select(values => (Types: types, Values: values)));
        Prop.ForAll(Arb.From(cases), c =>
            RandomAbi.DeepEqual(c.Values, AbiDecoder.Decode(c.Types, AbiEncoder.Encode(c.Types, c.Values))))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CanonicalText_ParsesBackToTheSameType() =>
        Prop.ForAll(Arb.From(TypeGen(3)), t => AbiType.Parse(t.Canonical) == t && AbiType.Parse(t.Canonical).HeadSize == t.HeadSize)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void EncodedLength_IsAMultipleOf32() =>
        Prop.ForAll(Arb.From(TypeGen(3).SelectMany(t => ValueGen(t).Select(v => (t, v)))), c => AbiEncoder.Encode(c.t, c.v).Length % 32 == 0)
            .QuickCheckThrowOnFailure();
}
