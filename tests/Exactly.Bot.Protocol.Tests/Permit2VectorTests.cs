using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Ethereum.Tests.CrossCheck;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// Permit2 <c>PermitTransferFrom</c> as the bot builds it, against Permit2's own source, a published vector, and viem 2.37.0
/// (run by node at test time): type string, digest, DebtManager's nonce derivation, and the calldata of both Permit2 overloads.
/// </summary>
public sealed class Permit2VectorTests
{
    private static readonly Random Seeded = new(20261121);

    [Fact]
    public void TypeString_IsPermit2sPermitHashString()
    {
        // Permit2 src/libraries/PermitHash.sol, _PERMIT_TRANSFER_FROM_TYPEHASH's preimage, character for character.
        Assert.Equal(
            "PermitTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline)TokenPermissions(address token,uint256 amount)",
            TypedDataEncoder.EncodeType(Permit2TransferFrom.Types, Permit2TransferFrom.PrimaryType));
        Assert.Equal(["name", "chainId", "verifyingContract"], Permit2TransferFrom.Domain(10, Address.Zero).Fields.Select(f => f.Name));
    }

    [Fact]
    public void Digest_EqualsThePublishedPermit2SdkVector()
    {
        // Uniswap/permit2-sdk src/signatureTransfer.test.ts, "non-batch, no witness": every field zero, Permit2 at address(0),
        // chain 1 → SignatureTransfer.hash(...) = 0xb9bf…4dc5.
        var typed = new Permit2TransferFrom(Address.Zero, 0, Address.Zero, 0, 0).ToTypedData(1, Address.Zero);
        Assert.Equal("0xb9bf9813799d7f0de28d2142b0bc80ec289d4a6a5b9f41834149df4188804dc5", Hex.Encode(typed.Digest()));
    }

    [Fact]
    public async Task DigestNonceAndCalldata_EqualViem_OnSeededCases()
    {
        var cases = Enumerable.Range(0, 24).Select(_ => Case.Random()).ToArray();
        var calls = cases.SelectMany(c => new[] { c.Call(DebtManagerCallShape.V0215), c.Call(DebtManagerCallShape.Current) }).ToArray();
        var input = new JsonObject
        {
            ["typed"] = new JsonArray(cases.Select(c => (JsonNode?)c.Permit.TypedData.ToJson()).ToArray()),
            ["hashes"] = new JsonArray(cases.Select(c => (JsonNode?)new JsonObject
            {
                ["types"] = new JsonArray("address", "address", "uint256", "uint256"),
                ["values"] = new JsonArray(c.Owner.ToString(), c.Token.ToString(), T(c.Amount), T(c.Deadline)),
            }).ToArray()),
            ["calls"] = new JsonArray(calls.Select(call => (JsonNode?)new JsonObject
                {
                    ["signature"] = call.Function.Signature,
                    ["values"] = new JsonArray(call.Function.DecodeInput(call.Data).Select(RandomAbi.ToJson).ToArray()),
                }).ToArray()),
        };

        var viem = await Viem.RunAsync(input);

        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            Assert.Equal(viem["typed"]![i]!["digest"]!.GetValue<string>(), Hex.Encode(c.Permit.Digest()));
            Assert.Equal(viem["typed"]![i]!["domain"]!.GetValue<string>(), Hex.Encode(Permit2TransferFrom.Domain(c.ChainId, c.Permit2).Separator()));
            var nonce = viem["hashes"]![i]!.GetValue<string>();
            Assert.Equal(Hex.ToBigInteger(nonce), Permit2Permits.Nonce(c.Owner, c.Token, c.Amount, c.Deadline));
            Assert.Equal(Hex.ToBigInteger(nonce), (BigInteger)c.Permit.TypedData.Message["nonce"]!);
            Assert.Equal(viem["calls"]![2 * i]!.GetValue<string>(), Hex.Encode(calls[2 * i].Data));
            Assert.Equal(viem["calls"]![(2 * i) + 1]!.GetValue<string>(), Hex.Encode(calls[(2 * i) + 1].Data));
        }
    }

    [Fact]
    public void Selectors_AreTheOverloadsInTheProtocolsAbis()
    {
        // 0.2.15: leverage(address,uint256,uint256,uint256,(address,uint256,uint8,bytes32,bytes32),(uint256,bytes));
        // 0.2.24: leverage(address,uint256,uint256,(address,uint256,uint256,uint8,bytes32,bytes32),(uint256,bytes)).
        Assert.Equal("leverage(address,uint256,uint256,uint256,(address,uint256,uint8,bytes32,bytes32),(uint256,bytes))", DebtManagerPermit2Calls.For(DebtManagerCallShape.V0215).Signature);
        Assert.Equal("leverage(address,uint256,uint256,(address,uint256,uint256,uint8,bytes32,bytes32),(uint256,bytes))", DebtManagerPermit2Calls.For(DebtManagerCallShape.Current).Signature);
    }

    private static string T(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Case(Address Owner, Address Token, BigInteger Amount, BigInteger Deadline, long ChainId, Address Permit2, Address DebtManager, PermitToSign Permit)
    {
        public static Case Random()
        {
            var owner = RandomAddress();
            var token = RandomAddress();
            var amount = new BigInteger(Seeded.NextInt64(1, long.MaxValue)) * Seeded.Next(1, 1_000_000);
            BigInteger deadline = Seeded.NextInt64(1_700_000_000, 2_000_000_000);
            var chainId = Seeded.Next(2) == 0 ? 10 : Seeded.NextInt64(1, 1L << 40);
            var permit2 = Seeded.Next(2) == 0 ? Permit2TransferFrom.CanonicalPermit2 : RandomAddress();
            var debtManager = RandomAddress();
            return new Case(owner, token, amount, deadline, chainId, permit2, debtManager,
                Permit2Permits.ForDebtManager(owner, token, amount, deadline, debtManager, chainId, permit2));
        }

        public (AbiFunction Function, byte[] Data) Call(DebtManagerCallShape shape)
        {
            var market = new Markets.MarketInfo(Token, Token, "X", 18, Units.Wad, Address.Zero, 0);
            var op = new Operation(OperationKind.Leverage, market, Owner, Amount, (BigInteger)Seeded.Next(1, 5) * Units.Wad);
            var plan = new SigningPlan(op, [Permit], Amount / 3, Amount / 3, 0, Deadline, Token, 1, shape, Permit2);
            var key = new byte[32];
            Seeded.NextBytes(key);
            key[0] = 1;
            var signature = Secp256k1.Sign(Permit.Digest(), key);
            var signed = new SignedPermit(Owner, Deadline, signature);
            var tx = DebtManagerCalls.Leverage(DebtManager, plan, signed, signed);
            return (DebtManagerPermit2Calls.For(shape), tx.Data!);
        }

        private static Address RandomAddress()
        {
            var bytes = new byte[20];
            Seeded.NextBytes(bytes);
            return new Address(bytes);
        }
    }
}
