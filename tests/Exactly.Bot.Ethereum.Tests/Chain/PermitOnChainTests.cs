using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Ethereum.Tests.Chain;

/// <summary>
/// The contracts are the judge: our EIP-712 digests for a Market share permit (domain of the IMPLEMENTATION, name "") and for
/// the USDC token are accepted by <c>permit</c>, and a signature over any one mutated field is rejected.
/// </summary>
[Collection(DevnetGroup.Name)]
public class PermitOnChainTests(DevnetFixture fixture)
{
    private static readonly byte[] DevKey1 = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly BigInteger Eip1967ImplementationSlot = Hex.ToBigInteger("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc");
    private static readonly AbiFunction DomainSeparator = AbiFunction.Parse("DOMAIN_SEPARATOR() view returns (bytes32)");
    private static readonly AbiFunction Nonces = AbiFunction.Parse("nonces(address) view returns (uint256)");
    private static readonly AbiFunction Allowance = AbiFunction.Parse("allowance(address,address) view returns (uint256)");
    private static readonly AbiFunction Name = AbiFunction.Parse("name() view returns (string)");
    private static readonly AbiFunction Permit = AbiFunction.Parse("permit(address owner,address spender,uint256 value,uint256 deadline,uint8 v,bytes32 r,bytes32 s)");

    private JsonRpcClient Rpc => fixture.Devnet.Rpc;

    [Fact]
    public async Task AnvilSignTypedDataV4_RecoversToItsSigner_AndEqualsOurSignature()
    {
        var owner = fixture.Devnet.DemoWallet;
        var typed = new Eip2612Permit(owner, fixture.Devnet.Lender, 12345, 0, 1_900_000_000)
            .ToTypedData(new Eip712Domain { Name = "", Version = "1", ChainId = 10, VerifyingContract = fixture.Devnet.Deployment.Markets[0].Implementation });

        var answer = await Rpc.RequestAsync("eth_signTypedData_v4", [owner.ToLowerHex(), typed.ToJson()]);
        var signature = EcdsaSignature.Parse(answer.GetString()!);

        Assert.Equal(owner, SignerRecovery.RecoverTypedData(typed, signature));
        Assert.Equal(SignerRecovery.SignTypedData(typed, DevKey1), signature);
    }

    [Fact]
    public async Task MarketSharePermit_OurDigestIsAccepted_AndEveryMutationIsRejected()
    {
        var market = fixture.Devnet.Deployment.Markets[0];
        var slot = await Rpc.GetStorageAtAsync(market.Market, Eip1967ImplementationSlot);
        var implementation = new Address(slot.AsSpan(12));
        Assert.Equal(market.Implementation, implementation);
        var domain = new Eip712Domain { Name = "", Version = "1", ChainId = 10, VerifyingContract = implementation };

        await AssertPermitAcceptedAndMutationsRejectedAsync(market.Market, domain);
    }

    [Fact]
    public async Task UsdcPermit_OurDigestIsAccepted_AndEveryMutationIsRejected()
    {
        var usdc = fixture.Devnet.Deployment.Market("USDC").Asset;
        var name = (string)(await Rpc.CallAsync(usdc, Name, []))[0]!;
        var domain = new Eip712Domain { Name = name, Version = "1", ChainId = 10, VerifyingContract = usdc };

        await AssertPermitAcceptedAndMutationsRejectedAsync(usdc, domain);
    }

    private async Task AssertPermitAcceptedAndMutationsRejectedAsync(Address token, Eip712Domain domain)
    {
        var owner = fixture.Devnet.DemoWallet;
        var spender = fixture.Devnet.Accounts[3 + Math.Abs(token.GetHashCode() % 5)];
        var separator = (byte[])(await Rpc.CallAsync(token, DomainSeparator, []))[0]!;
        Assert.Equal(Hex.Encode(separator), Hex.Encode(domain.Separator()));

        var nonce = (BigInteger)(await Rpc.CallAsync(token, Nonces, [owner]))[0]!;
        var deadline = new BigInteger(await fixture.Devnet.TimestampAsync() + 3600);
        var permit = new Eip2612Permit(owner, spender, BigInteger.Parse("1234567890123", System.Globalization.CultureInfo.InvariantCulture), nonce, deadline);
        var other = fixture.Devnet.Lender;
        var mutations = new (string Field, TypedData Typed)[]
        {
            ("owner", (permit with { Owner = other }).ToTypedData(domain)),
            ("spender", (permit with { Spender = other }).ToTypedData(domain)),
            ("value", (permit with { Value = permit.Value + 1 }).ToTypedData(domain)),
            ("nonce", (permit with { Nonce = nonce + 1 }).ToTypedData(domain)),
            ("deadline", (permit with { Deadline = deadline - 1 }).ToTypedData(domain)),
            ("domain.name", permit.ToTypedData(domain with { Name = domain.Name + "x" })),
            ("domain.version", permit.ToTypedData(domain with { Version = "2" })),
            ("domain.chainId", permit.ToTypedData(domain with { ChainId = 1 })),
            ("domain.verifyingContract", permit.ToTypedData(domain with { VerifyingContract = other })),
        };

        // The deployed bytecode strips revert strings (solmate's "INVALID_SIGNER" arrives as a bare revert), so the proof that
        // a revert is the signature check is that the very same call with the unmutated signature succeeds just after.
        foreach (var (field, typed) in mutations)
        {
            var call = PermitCall(permit, SignerRecovery.SignTypedData(typed, DevKey1), token);
            var revert = await Record.ExceptionAsync(() => Rpc.CallAsync(call));
            Assert.True(revert is RevertException, $"A permit signed over a mutated {field} was not rejected ({revert?.Message ?? "it succeeded"}).");
        }

        var valid = PermitCall(permit, SignerRecovery.SignTypedData(permit.ToTypedData(domain), DevKey1), token);
        await Rpc.CallAsync(valid);
        var receipt = await fixture.Devnet.SendAsync(valid);
        Assert.True(receipt.Succeeded);
        Assert.Equal(permit.Value, (BigInteger)(await Rpc.CallAsync(token, Allowance, [owner, spender]))[0]!);
        Assert.Equal(nonce + 1, (BigInteger)(await Rpc.CallAsync(token, Nonces, [owner]))[0]!);
    }

    private TransactionRequest PermitCall(Eip2612Permit permit, EcdsaSignature signature, Address token)
    {
        var bytes = signature.ToBytes();
        return new TransactionRequest(token, Permit.Encode(permit.Owner, permit.Spender, permit.Value, permit.Deadline, new BigInteger(signature.V), bytes[..32], bytes[32..64]), fixture.Devnet.Deployer);
    }

    [Fact]
    public async Task Erc1271_ContractWalletAnswers_MagicOrNot()
    {
        var yes = fixture.Devnet.Accounts[8];
        var no = fixture.Devnet.Accounts[9];
        // Runtime code: return bytes4(0x1626ba7e) for any call / revert for any call.
        await Rpc.RequestAsync("anvil_setCode", [yes.ToLowerHex(), "0x631626ba7e60e01b60005260206000f3"]);
        await Rpc.RequestAsync("anvil_setCode", [no.ToLowerHex(), "0x60006000fd"]);
        var digest = Keccak256.Hash("wallet");
        var signature = Secp256k1.Sign(digest, DevKey1).ToBytes();

        Assert.True(await Rpc.IsValidSignatureAsync(yes, digest, signature));
        Assert.False(await Rpc.IsValidSignatureAsync(no, digest, signature));
        Assert.True(await Rpc.VerifyAsync(fixture.Devnet.DemoWallet, digest, signature));
        Assert.False(await Rpc.VerifyAsync(fixture.Devnet.Lender, digest, signature));
    }
}
