using System.Net;
using System.Net.Http.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Microsoft.Playwright;

namespace Exactly.Bot.Signing.Tests;

/// <summary>Cross-asset sessions bent by a page or a wallet (a partial of <see cref="TamperTests"/>: same devnet, no new fixture).</summary>
public sealed partial class TamperTests
{
    [Theory]
    [InlineData("value")]
    [InlineData("market")]
    public async Task CrossLeverage_PermitChangedInThePage_IsRefused_AndNoDebtManagerTransactionIsSent(string tamper)
    {
        var user = tamper == "value" ? 3 : 4;
        var (wallet, page, id) = await OpenCrossAsync(user);
        var usdcMarket = fixture.Devnet.Deployment.Market("USDC").Market;
        wallet.Tamper = tamper == "value"
            ? t => { if (t["message"]!["value"]!.GetValue<string>() != "100000000") t["message"]!["value"] = "1000000000000000000000"; }
            // The share permit moved from marketOut (WETH, where it borrows) to marketIn's contract: marketIn and marketOut swapped.
            : t => { if (t["domain"]!["name"]!.GetValue<string>() == string.Empty) t["domain"]!["verifyingContract"] = usdcMarket.ToString(); };

        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#before:not([hidden])");
        await page.ClickAsync("#beforesteps button");
        await page.WaitForSelectorAsync("#before[data-state='done']");
        await page.ClickAsync("#sign");
        await ExpectRefusalAsync(page, "was not signed by the connected account");

        var sent = Assert.Single(wallet.SentTransactions);
        var tx = await fixture.Rpc.RequestAsync("eth_getTransactionByHash", [EthMethods.Json(sent)]);
        Assert.Equal(fixture.Devnet.Deployment.Auditor, Address.Parse(tx.GetProperty("to").GetString()!));
        Assert.Equal("Opened", await StatusAsync(id));
    }

    [Fact]
    public async Task CrossLeverage_SignWaitsForEnterMarket_AndAnotherTransactionIsNotAcceptedAsTheStep()
    {
        var (wallet, page, id) = await OpenCrossAsync(9);
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#before:not([hidden])");
        Assert.True(await page.IsDisabledAsync("#sign"));

        // A transaction that is not the prepared enterMarket (an ERC-20 approve from the same account) is refused as the step.
        var other = await fixture.Devnet.SendAsync(new TransactionRequest(
            fixture.Devnet.Deployment.Market("USDC").Asset, Erc20Abi.Approve.Encode(fixture.Devnet.Accounts[8], System.Numerics.BigInteger.One), wallet.Account));
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(page.Url + "/before"), new { token = "not-the-token", hash = other.TransactionHash });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var token = await TokenFromAbortedBeforeStepAsync(page);
        using var forged = await http.PostAsJsonAsync(new Uri(page.Url + "/before"), new { token, hash = other.TransactionHash });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("not the step prepared for this link", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await page.IsDisabledAsync("#sign"));
        var sent = await fixture.Rpc.RequestAsync("eth_getTransactionByHash", [EthMethods.Json(Assert.Single(wallet.SentTransactions))]);
        Assert.Equal(fixture.Devnet.Deployment.Auditor, Address.Parse(sent.GetProperty("to").GetString()!));
        Assert.Equal("Opened", await StatusAsync(id));
    }

    [Fact]
    public async Task CrossLeverage_RevertingAfterItsSimulation_PostsTheDecodedRevertInTheChat()
    {
        var (_, page, id) = await OpenCrossAsync(7);
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#before:not([hidden])");
        await page.ClickAsync("#beforesteps button");
        await page.WaitForSelectorAsync("#before[data-state='done']");
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#send:not([hidden])");

        // Between the simulation and the wallet's send, ETH doubles on the oracle: the borrow no longer fits the collateral.
        await fixture.Devnet.SetPriceAsync("WETH", 6_000m);
        try
        {
            var from = fixture.Output.Text.Length;
            await page.ClickAsync("#sendtx");
            await page.WaitForSelectorAsync("#result[data-state^='Failed']", new() { Timeout = 60_000 });
            var text = await fixture.Output.WaitForAsync(from, "Transaction:");
            Assert.Contains("Failed: the cross leverage USDC/WETH transaction reverted (InsufficientAccountLiquidity", text, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Devnet.SetPriceAsync("WETH", 3_000m);
        }

        Assert.Equal("Failed", await StatusAsync(id));
    }

    private async Task<(TestWallet Wallet, IPage Page, string Id)> OpenCrossAsync(int user)
    {
        await fixture.Devnet.MintAsync(fixture.Devnet.Deployment.Market("USDC").Asset, fixture.Devnet.Accounts[user], 100 * SigningFixture.Usdc);
        var reply = await fixture.AskAsAsync(user, "/leverage 2x USDC/WETH 100");
        Assert.False(reply.IsError, reply.Text);
        var wallet = new TestWallet(fixture.Rpc, fixture.Devnet.Accounts[user]);
        return (wallet, await fixture.OpenAsync(reply.Links[0].Url, wallet), reply.Links[0].Url.Segments[^1]);
    }

    /// <summary>
    /// The page keeps its session token in memory only: the test sends the real step from the wallet, then reads the token from the
    /// page's report of it and drops that report (so the server never hears of the real step).
    /// </summary>
    private static async Task<string> TokenFromAbortedBeforeStepAsync(IPage page)
    {
        string? token = null;
        await page.RouteAsync("**/before", async route =>
        {
            token = System.Text.Json.JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("token").GetString();
            await route.AbortAsync();
        });
        await page.ClickAsync("#beforesteps button");
        await page.WaitForSelectorAsync("#status.bad");
        return token!;
    }
}
