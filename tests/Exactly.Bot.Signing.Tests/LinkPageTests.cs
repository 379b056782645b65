using Exactly.Bot.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Signing.Tests;

/// <summary>
/// The <c>/link</c> page in Chromium (issue 12, item 1): the injected wallet connects, anvil signs the page's Sign-In with
/// Ethereum message with <c>personal_sign</c> (a real wallet implementation of the EIP-191 encoding), the bot links the account
/// and says so in the chat.
/// </summary>
public sealed class LinkPageTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    [Fact]
    public async Task LinkPage_WithAnInjectedWallet_LinksItsAccount_AndTheChatIsTold()
    {
        var account = fixture.Devnet.Accounts[7];
        var reply = await fixture.AskAsAsync(70, "/link browser");
        Assert.False(reply.IsError, reply.Text);

        var page = await fixture.OpenAsync(reply.Links[0].Url, new TestWallet(fixture.Rpc, account));
        await page.ClickAsync("#connect");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('main').dataset.state === 'linked' || document.querySelector('#status').className === 'bad'",
            null,
            new() { Timeout = 30_000 });
        await SigningFixture.ScreenshotAsync(page, "link-1-linked.png");

        Assert.True(await page.GetAttributeAsync("main", "data-state") == "linked", await page.InnerTextAsync("#status"));
        Assert.Contains(account.ToString(), await page.InnerTextAsync("#message"), StringComparison.Ordinal);
        var wallet = Assert.Single(await fixture.App.Services.GetRequiredService<WatchStore>().ListAsync(new WalletOwner("console", "user70"), default));
        Assert.Equal(("browser", account, true), (wallet.Label, wallet.Address, wallet.Linked));
        await fixture.Output.WaitForAsync(0, "Linked browser (");
    }
}
