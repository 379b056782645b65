using System.Net;
using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Signatures;
using Exactly.Bot.Ethereum.Siwe;
using Exactly.Bot.Linking;
using Exactly.Bot.Protocol;
using Exactly.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// <c>/link</c> end to end (issue 12, item 1): the chat's link, the page's message, a wallet's signature over real HTTP to
/// real Kestrel, verified on real anvil — an EOA by recovery, a deployed ERC-1271 wallet on chain — and every refusal
/// (reused nonce, foreign domain, another chain, expired) leaving nothing stored.
/// </summary>
public sealed class LinkingTests(LinkingFixture fixture, ITestOutputHelper output) : IClassFixture<LinkingFixture>
{
    // anvil's default-mnemonic keys 3, 4 and 5: signers no other part of these tests uses.
    private static readonly byte[] EoaKey = Hex.Decode("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    private static readonly byte[] OwnerKey = Hex.Decode("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
    private static readonly byte[] StrangerKey = Hex.Decode("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

    private WatchStore Store => fixture.App.Services.GetRequiredService<WatchStore>();

    [Fact]
    public async Task Link_AnEoaSignedWithItsKey_IsLinked_TheUserIsTold_QuotesUseIt_AndTheNonceCannotBeReused()
    {
        var account = Secp256k1.AddressOf(EoaKey);
        var page = await fixture.LinkPageAsync("eoa-user", "/link main");
        Assert.Equal(HttpStatusCode.OK, await LinkingFixture.GetPageAsync(page));
        var text = await LinkingFixture.MessageAsync(page, account);
        output.WriteLine(text);
        Assert.True(SiweMessage.TryParse(text, out var message, out _));
        Assert.Equal((page.Authority, page.AbsoluteUri, fixture.App.Services.GetRequiredService<ProtocolDeployment>().ChainId, page.Segments[^1], account),
            (message!.Domain, message.Uri, message.ChainId, message.Nonce, message.Address));
        Assert.Equal(LinkChallengeStore.Lifetime, message.ExpirationTime - message.IssuedAt);

        var (status, body) = await LinkingFixture.VerifyAsync(page, text, EoaKey);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var wallet = Assert.Single(await Store.ListAsync(new WalletOwner("console", "eoa-user"), default));
        Assert.Equal(("main", account, true), (wallet.Label, wallet.Address, wallet.Linked));
        Assert.Contains($"Linked main ({account.ToString()[..6]}…{account.ToString()[^4..]}): proven yours", fixture.Chat.ToString(), StringComparison.Ordinal);
        var directory = fixture.App.Services.GetRequiredService<WalletDirectory>();
        Assert.Equal(account, await directory.FindAsync(LinkingFixture.From("eoa-user", "/position"), default));

        // The same signed message again: the nonce is used, nothing changes.
        var (again, refusal) = await LinkingFixture.VerifyAsync(page, text, EoaKey);
        output.WriteLine(refusal.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(HttpStatusCode.Gone, await LinkingFixture.GetPageAsync(page));
        Assert.Single(await Store.ListAsync(new WalletOwner("console", "eoa-user"), default));
    }

    [Fact]
    public async Task Link_AnErc1271Wallet_IsLinkedByItsOwnersSignature_AndRefusedForAStrangers()
    {
        var rpc = fixture.Demo.Devnet.Rpc;
        var wallet = await Erc1271Wallet.DeployAsync(rpc, fixture.Demo.Devnet.Deployer, Secp256k1.AddressOf(OwnerKey));
        var page = await fixture.LinkPageAsync("contract-user");
        var text = await LinkingFixture.MessageAsync(page, wallet);
        var owner = new WalletOwner("console", "contract-user");

        var (refused, why) = await LinkingFixture.VerifyAsync(page, text, StrangerKey);
        output.WriteLine(why.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("ERC-1271", why.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.ListAsync(owner, default));

        var (status, body) = await LinkingFixture.VerifyAsync(page, text, OwnerKey);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var linked = Assert.Single(await Store.ListAsync(owner, default));
        Assert.Equal((wallet, true), (linked.Address, linked.Linked));
    }

    [Fact]
    public async Task Link_MessagesForAnotherSiteChainOrNonce_OrExpired_AreRefused_AndLeaveNothingStored()
    {
        var account = Secp256k1.AddressOf(StrangerKey);
        var page = await fixture.LinkPageAsync("refused-user");
        var text = await LinkingFixture.MessageAsync(page, account);
        Assert.True(SiweMessage.TryParse(text, out var good, out _));
        var cases = new (string What, SiweMessage Message, HttpStatusCode Status, string Sentence)[]
        {
            ("foreign domain", good! with { Domain = "evil.example.com" }, HttpStatusCode.BadRequest, "made for another site"),
            ("foreign URI", good with { Uri = $"https://evil.example.com{page.AbsolutePath}" }, HttpStatusCode.BadRequest, "made for another site"),
            ("another chain", good with { ChainId = 1 }, HttpStatusCode.BadRequest, "for another chain"),
            ("another nonce", good with { Nonce = "0123456789abcdef0123456789abcdef" }, HttpStatusCode.BadRequest, "not the Sign-In with Ethereum message this link made"),
            ("a longer lifetime", good with { ExpirationTime = good.IssuedAt.AddHours(1) }, HttpStatusCode.BadRequest, "must expire within 5 minutes"),
        };
        foreach (var (what, message, expected, sentence) in cases)
        {
            var (status, body) = await LinkingFixture.VerifyAsync(page, message.ToString(), StrangerKey);
            output.WriteLine($"{what}: {(int)status} {body}");
            Assert.Equal(expected, status);
            Assert.Contains(sentence, body.GetProperty("error").GetString(), StringComparison.Ordinal);
            await AssertNothingStoredAsync(page);
        }

        // The genuine message, but after its 5 minutes.
        fixture.Time.Advance(LinkChallengeStore.Lifetime + TimeSpan.FromSeconds(1));
        var (late, lateBody) = await LinkingFixture.VerifyAsync(page, text, StrangerKey);
        output.WriteLine($"expired: {(int)late} {lateBody}");
        Assert.Equal(HttpStatusCode.Gone, late);
        Assert.Contains("has expired", lateBody.GetProperty("error").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(page);
        Assert.Equal(HttpStatusCode.Gone, await LinkingFixture.GetPageAsync(page));
        Assert.Equal(HttpStatusCode.Gone, (await LinkingFixture.PostAsync(page, "message", new { account = account.ToString() })).Status);
    }

    [Fact]
    public async Task Link_InAGroup_IsRefused_AndCreatesNoChallenge()
    {
        var reply = await fixture.Bot.HandleAsync(new ChatMessage("telegram", "-1001234567890", "77", "/link main", Guid.NewGuid().ToString("N")), default);

        Assert.True(reply.IsError);
        Assert.Empty(reply.Links);
        Assert.Contains("/link works in a private chat with the bot only", reply.Text, StringComparison.Ordinal);
        await using var connection = fixture.App.Services.GetRequiredService<Database>().Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM link_challenges WHERE transport = 'telegram' AND user_id = '77'";
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    private async Task AssertNothingStoredAsync(Uri page)
    {
        Assert.Empty(await Store.ListAsync(new WalletOwner("console", "refused-user"), default));
        var challenge = await fixture.App.Services.GetRequiredService<LinkChallengeStore>().FindAsync(page.Segments[^1], default);
        Assert.Null(challenge!.UsedAt);
    }
}
