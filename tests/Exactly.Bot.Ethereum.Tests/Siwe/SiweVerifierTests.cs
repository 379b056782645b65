using System.Text;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Ethereum.Siwe;
using Exactly.Bot.Ethereum.Tests.Chain;

namespace Exactly.Bot.Ethereum.Tests.Siwe;

/// <summary>Sign-In with Ethereum verified on anvil: an EOA by ecrecover, a contract wallet by ERC-1271, and every refusal.</summary>
[Collection(DevnetGroup.Name)]
public sealed class SiweVerifierTests(DevnetFixture fixture)
{
    // anvil's dev accounts 1 and 2 (the default mnemonic).
    static readonly byte[] OwnerKey = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static readonly byte[] StrangerKey = Hex.Decode("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdf573a6");
    static readonly Address Owner = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static readonly DateTimeOffset Now = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    static readonly SiweVerifier Verifier = new(new Uri("https://bot.example.com"), 10, TimeSpan.FromMinutes(5));

    JsonRpcClient Rpc => fixture.Devnet.Rpc;

    [Fact]
    public async Task Eoa_SignedByItsKey_IsAccepted_AndByAnotherKey_Refused()
    {
        var text = Message(Owner).ToString();

        var (accepted, message) = await Verifier.VerifyAsync(Rpc, text, Sign(text, OwnerKey), Now);
        var (refused, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, StrangerKey), Now);

        Assert.Equal(SiweRefusal.None, accepted);
        Assert.Equal(Owner, message!.Address);
        Assert.Equal(SiweRefusal.BadSignature, refused);
    }

    [Fact]
    public async Task ContractWallet_Erc1271ByItsOwner_IsAccepted_AndByAnotherKey_Refused()
    {
        var wallet = Address.Parse("0x00000000000000000000000000000000000C1271");
        await Rpc.RequestAsync("anvil_setCode", [wallet.ToLowerHex(), OwnerCheckingWallet(Owner)]);
        var text = Message(wallet).ToString();

        var (accepted, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, OwnerKey), Now);
        var (refused, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, StrangerKey), Now);

        Assert.Equal(SiweRefusal.None, accepted);
        Assert.Equal(SiweRefusal.BadSignature, refused);
    }

    [Fact]
    public async Task Eip7702DelegatedEoa_SignedByItsOwnKey_IsAccepted_AndByAnotherKey_Refused()
    {
        // anvil's dev account 3, delegated (EIP-7702 designator 0xef0100 ‖ delegate) to a contract that answers no ERC-1271 call.
        var key = Hex.Decode("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
        var account = Secp256k1.AddressOf(key);
        await Rpc.RequestAsync("anvil_setCode", [account.ToLowerHex(), "0xef0100" + new string('0', 36) + "dead"]);
        try
        {
            var text = Message(account).ToString();

            var (accepted, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, key), Now);
            var (refused, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, StrangerKey), Now);

            Assert.True(Erc1271.IsDelegation(await Rpc.GetCodeAsync(account)));
            Assert.Equal(SiweRefusal.None, accepted);
            Assert.Equal(SiweRefusal.BadSignature, refused);
        }
        finally
        {
            await Rpc.RequestAsync("anvil_setCode", [account.ToLowerHex(), "0x"]);
        }
    }

    [Fact]
    public async Task Messages_ForAnotherSiteChainOrTime_AreRefused_EvenWhenSignedByTheOwner()
    {
        var good = Message(Owner);
        var cases = new (SiweMessage Message, DateTimeOffset At, SiweRefusal Expected)[]
        {
            (good with { Domain = "evil.example.com" }, Now, SiweRefusal.ForeignDomain),
            (good with { Uri = "https://evil.example.com/link" }, Now, SiweRefusal.ForeignDomain),
            (good with { ChainId = 1 }, Now, SiweRefusal.WrongChain),
            (good, Now.AddMinutes(5), SiweRefusal.Expired),
            (good with { ExpirationTime = null }, Now, SiweRefusal.BadLifetime),
            (good with { ExpirationTime = good.IssuedAt.AddHours(1) }, Now, SiweRefusal.BadLifetime),
            (good with { IssuedAt = Now.AddMinutes(2), ExpirationTime = Now.AddMinutes(4) }, Now, SiweRefusal.BadLifetime),
        };

        foreach (var (message, at, expected) in cases)
        {
            var text = message.ToString();
            var (refusal, _) = await Verifier.VerifyAsync(Rpc, text, Sign(text, OwnerKey), at);
            Assert.Equal(expected, refusal);
        }

        var (malformed, _) = await Verifier.VerifyAsync(Rpc, "sign in please", Sign("sign in please", OwnerKey), Now);
        Assert.Equal(SiweRefusal.Malformed, malformed);
    }

    static SiweMessage Message(Address account) =>
        new("bot.example.com", account, "Link this wallet to your chat account.", "https://bot.example.com/link/abc", 10, "k3j4h5g6f7d8", Now.AddSeconds(-10), Now.AddMinutes(4));

    static byte[] Sign(string text, byte[] key) => Secp256k1.Sign(PersonalMessage.Hash(text), key).ToBytes();

    /// <summary>
    /// Runtime code of a minimal ERC-1271 wallet: <c>isValidSignature(hash, sig)</c> answers 0x1626ba7e when
    /// <c>ecrecover(hash, v, r, s)</c> of the 65-byte signature is <paramref name="owner"/>, else 0x00000000.
    /// </summary>
    static string OwnerCheckingWallet(Address owner)
    {
        var code = new StringBuilder()
            .Append("600435600052")           // mstore(0x00, hash)
            .Append("60a43560f81c602052")     // mstore(0x20, v = byte at calldata 0xa4)
            .Append("6064356040526084356060") // mstore(0x40, r); push s
            .Append("52")                     // mstore(0x60, s)
            .Append("602060806080600060015afa50") // staticcall(gas, 1, 0, 0x80, 0x80, 0x20); pop
            .Append("60805173").Append(owner.ToLowerHex()[2..]).Append("14") // mload(0x80) == owner
            .Append("631626ba7e02")           // × magic
            .Append("60e01b600052")           // << 224, mstore(0)
            .Append("60206000f3");            // return(0, 32)
        return "0x" + code;
    }
}
