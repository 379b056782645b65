using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exactly.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Exactly.Bot.Signing.Tests;

/// <summary>Every way a page, a wallet or another person could bend a session is refused with a sentence, and nothing is sent.</summary>
public sealed partial class TamperTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    [Theory]
    [InlineData("amount", "was not signed by the connected account")]
    [InlineData("spender", "was not signed by the connected account")]
    [InlineData("chain", "was not signed by the connected account")]
    [InlineData("other-signer", "was not signed by the connected account")]
    public async Task TamperedSignature_IsRefused_AndNothingIsSent(string tamper, string expected)
    {
        var (wallet, page, id) = await OpenAsync(5);
        switch (tamper)
        {
            case "amount":
                wallet.Tamper = t => t["message"]!["value"] = "1000000000000";
                break;
            case "spender":
                wallet.Tamper = t => t["message"]!["spender"] = fixture.Devnet.Accounts[9].ToString();
                break;
            case "chain":
                wallet.Tamper = t => t["domain"]!["chainId"] = 1;
                break;
            default:
                wallet.Signer = fixture.Devnet.Accounts[7];
                break;
        }

        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#review:not([hidden])");
        await page.ClickAsync("#sign");
        await ExpectRefusalAsync(page, expected);
        Assert.Empty(wallet.SentTransactions);
        Assert.Equal("Opened", await StatusAsync(id));
    }

    [Fact]
    public async Task WrongChain_WalletRefusesToSwitch_IsRefused_AndTheServerRefusesTheChainToo()
    {
        var (wallet, page, id) = await OpenAsync(6);
        wallet.ChainId = 1;
        wallet.AllowSwitch = false;
        await page.ClickAsync("#connect");
        await ExpectRefusalAsync(page, "Your wallet is on chain 1. Switch it to chain 10");

        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(page.Url + "/connect"), new { account = wallet.Account.ToString(), chainId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only signs on chain 10", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(wallet.SentTransactions);
        Assert.Equal("Created", await StatusAsync(id));
    }

    [Fact]
    public async Task WrongChain_WalletSwitches_ThenProceeds()
    {
        var (wallet, page, _) = await OpenAsync(6);
        wallet.ChainId = 1;
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#review:not([hidden])");
        Assert.Equal(10, wallet.ChainId);
    }

    [Fact]
    public async Task AnotherUsersSession_IsRefused()
    {
        var (_, page, id) = await OpenAsync(5, connectAs: 8);
        await page.ClickAsync("#connect");
        await ExpectRefusalAsync(page, "belongs to another chat user's wallet");
        Assert.Equal("Created", await StatusAsync(id));
    }

    [Fact]
    public async Task ReusedSession_SecondWindow_IsRefused()
    {
        var (wallet, page, id) = await OpenAsync(5);
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#review:not([hidden])");

        var second = await fixture.OpenAsync(new Uri(page.Url), wallet);
        await second.ClickAsync("#connect");
        await ExpectRefusalAsync(second, "This link was already used");
        Assert.Equal("Opened", await StatusAsync(id));
        Assert.Empty(wallet.SentTransactions);
    }

    [Fact]
    public async Task ExpiredSession_IsRefused()
    {
        var reply = await fixture.AskAsAsync(5, "/leverage 2x USDC 10");
        var id = reply.Links[0].Url.Segments[^1];
        await using (var connection = fixture.App.Services.GetRequiredService<Database>().Open())
        {
            await connection.ExecuteAsync("UPDATE signing_sessions SET expires_at = 0 WHERE id = @id", new { id });
        }

        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.Accounts[5]);
        var page = await fixture.OpenAsync(reply.Links[0].Url, wallet);
        Assert.Contains("This signing link has expired", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(reply.Links[0].Url + "/connect"), new { account = wallet.Account.ToString(), chainId = 10 });
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("Created", await StatusAsync(id));
    }

    private async Task<(TestWallet Wallet, IPage Page, string Id)> OpenAsync(int user, int? connectAs = null)
    {
        await fixture.Devnet.MintAsync(fixture.Devnet.Deployment.Market("USDC").Asset, fixture.Devnet.Accounts[user], 10 * SigningFixture.Usdc);
        var reply = await fixture.AskAsAsync(user, "/leverage 2x USDC 10");
        Assert.False(reply.IsError, reply.Text);
        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.Accounts[connectAs ?? user]);
        return (wallet, await fixture.OpenAsync(reply.Links[0].Url, wallet), reply.Links[0].Url.Segments[^1]);
    }

    private static async Task ExpectRefusalAsync(IPage page, string expected)
    {
        await page.WaitForSelectorAsync("#status.bad", new() { Timeout = 30_000 });
        Assert.Contains(expected, await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#send"));
    }

    private async Task<string> StatusAsync(string id)
    {
        await using var connection = fixture.App.Services.GetRequiredService<Database>().Open();
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM signing_sessions WHERE id = @id", new { id }) ?? "missing";
    }
}
