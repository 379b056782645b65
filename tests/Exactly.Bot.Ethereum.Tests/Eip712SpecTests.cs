using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Ethereum.Tests.CrossCheck;

namespace Exactly.Bot.Ethereum.Tests;

public class Eip712SpecTests
{
    // EIP-712's own example (assets/eip-712/Example.js and Example.sol).
    private static readonly TypedData Mail = new(
        new Eip712Domain { Name = "Ether Mail", Version = "1", ChainId = 1, VerifyingContract = Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC") },
        new Dictionary<string, IReadOnlyList<TypedDataField>>
        {
            ["Person"] = [new("name", "string"), new("wallet", "address")],
            ["Mail"] = [new("from", "Person"), new("to", "Person"), new("contents", "string")],
        },
        "Mail",
        new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            ["contents"] = "Hello, Bob!",
        });

    [Fact]
    public void Mail_EncodeType_ListsReferencedTypesAfterThePrimary() =>
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", TypedDataEncoder.EncodeType(Mail.Types, "Mail"));

    [Fact]
    public void Mail_HashesMatchTheEip()
    {
        Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.Encode(TypedDataEncoder.TypeHash(Mail.Types, "Mail")));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Encode(Mail.HashStruct()));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(Mail.Domain.Separator()));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(Mail.Digest()));
    }

    [Fact]
    public void Mail_SignatureFromTheEip_RecoversToCow()
    {
        var cow = Keccak256.Hash("cow");
        var signature = Secp256k1.Sign(Mail.Digest(), cow);
        Assert.Equal(28, signature.V);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.Encode(signature.ToBytes().AsSpan(0, 32)));
        Assert.Equal("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.Encode(signature.ToBytes().AsSpan(32, 32)));
        Assert.Equal(Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), SignerRecovery.RecoverTypedData(Mail, signature));
    }

    [Fact]
    public void EncodeType_SortsReferencedTypesByName()
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>
        {
            ["Top"] = [new("z", "Zeta[]"), new("a", "Alpha")],
            ["Zeta"] = [new("x", "uint8")],
            ["Alpha"] = [new("z", "Zeta")],
        };
        Assert.Equal("Top(Zeta[] z,Alpha a)Alpha(Zeta z)Zeta(uint8 x)", TypedDataEncoder.EncodeType(types, "Top"));
    }

    [Fact]
    public void Permit_And_Permit2_TypeHashesMatchTheContracts()
    {
        // keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)") as in solmate/OpenZeppelin.
        Assert.Equal("0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9", Hex.Encode(TypedDataEncoder.TypeHash(Eip2612Permit.Types, "Permit")));
        // Permit2 PermitHash._PERMIT_TRANSFER_FROM_TYPEHASH and _TOKEN_PERMISSIONS_TYPEHASH.
        Assert.Equal("0x939c21a48a8dbe3a9a2404a1d46691e4d39f6583d6ec6b35714604c986d80106", Hex.Encode(TypedDataEncoder.TypeHash(Permit2TransferFrom.Types, "PermitTransferFrom")));
        Assert.Equal("0x618358ac3db8dc274f0cd8829da7e234bd48cd73c4a740aede1adec9846d06a1", Hex.Encode(TypedDataEncoder.TypeHash(Permit2TransferFrom.Types, "TokenPermissions")));
    }

    [Fact]
    public async Task Permit_And_Permit2_DigestsEqualViem()
    {
        var owner = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var spender = Address.Parse("0xcA11bde05977b3631167028862bE2a173976CA11");
        var permit = new Eip2612Permit(owner, spender, BigInteger.Parse("1000000000000000000000", System.Globalization.CultureInfo.InvariantCulture), 3, 1_900_000_000)
            .ToTypedData(new Eip712Domain { Name = "USD Coin", Version = "2", ChainId = 10, VerifyingContract = Address.Parse("0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85") });
        var permit2 = new Permit2TransferFrom(Address.Parse("0x4200000000000000000000000000000000000006"), 5_000_000_000_000_000, spender, BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), 1_900_000_000)
            .ToTypedData(chainId: 10);

        var vectors = (await Viem.RunAsync(new JsonObject { ["typed"] = new JsonArray(permit.ToJson(), permit2.ToJson()) }))["typed"]!.AsArray();

        Assert.Equal(vectors[0]!["digest"]!.GetValue<string>(), Hex.Encode(permit.Digest()));
        Assert.Equal(vectors[1]!["digest"]!.GetValue<string>(), Hex.Encode(permit2.Digest()));
    }

    [Fact]
    public void SignTypedDataJson_HasDomainTypeAndDecimalIntegers()
    {
        var json = new Eip2612Permit(Address.Zero, Address.Zero, BigInteger.Pow(2, 255), 0, 1).ToTypedData(new Eip712Domain { Name = "", Version = "1", ChainId = 10, VerifyingContract = Address.Zero }).ToJson();
        Assert.Equal("Permit", json["primaryType"]!.GetValue<string>());
        Assert.Equal(4, json["types"]!["EIP712Domain"]!.AsArray().Count);
        Assert.Equal("10", json["domain"]!["chainId"]!.GetValue<string>());
        Assert.Equal("", json["domain"]!["name"]!.GetValue<string>());
        Assert.Equal(BigInteger.Pow(2, 255).ToString(System.Globalization.CultureInfo.InvariantCulture), json["message"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Domain_OnlySetFieldsAreEncoded()
    {
        var domain = new Eip712Domain { Name = "Permit2", ChainId = 10, VerifyingContract = Permit2TransferFrom.CanonicalPermit2 };
        Assert.Equal(["name", "chainId", "verifyingContract"], domain.Fields.Select(f => f.Name));
    }

    [Fact]
    public void MissingMember_IsRefusedWithItsPath()
    {
        var broken = Mail with { Message = new Dictionary<string, object?> { ["from"] = null, ["contents"] = "x" } };
        var error = Assert.Throws<ArgumentException>(() => broken.Digest());
        Assert.Contains("Mail.", error.Message, StringComparison.Ordinal);
    }
}
