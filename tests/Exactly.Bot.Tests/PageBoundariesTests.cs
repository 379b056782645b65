using System.Net;
using Dapper;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Signing;
using Exactly.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Tests;

/// <summary>
/// What the signing page's API lets someone who holds a link but not the wallet do: not burn the link by connecting, not
/// reach the demo wallet from another host or for another session, and not make the server read a huge body.
/// </summary>
public sealed class PageBoundariesTests(IdleWatcherFixture fixture) : IClassFixture<IdleWatcherFixture>
{
    [Fact]
    public async Task Connect_BySomeoneWhoNeverSigns_DoesNotBurnTheLink_TheBindingIsReleasedAfterTwoMinutes()
    {
        using var page = new PageApi(fixture);
        var devnet = fixture.Demo.Devnet;
        var owner = devnet.Accounts[4];
        await devnet.MintAsync(devnet.Deployment.Market("USDC").Asset, owner, 10 * System.Numerics.BigInteger.Pow(10, 6));
        var link = await page.LinkAsync(new Chat.ChatMessage("console", "console", "stranger-burn", "/leverage 2x USDC 10", Guid.NewGuid().ToString("N")));

        // Someone who saw the link connects naming the owner's account (connecting proves nothing), and never signs.
        var (squatter, _) = await page.ConnectAsync(link, owner);
        var (status, body) = await page.PostAsync(link, "connect", new { account = owner.ToString(), chainId = 10 });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("connect again in 2 minutes", body.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Two minutes later, unsigned: the owner's connect takes the link over, and the squatter's window is out.
        await MoveBackAsync(link, SigningSessionLedger.UnsignedHold);
        var (token, session) = await page.ConnectAsync(link, owner);
        Assert.NotEqual(squatter, token);
        (status, _) = await page.PostAsync(link, "sign", new { token = squatter, chainId = 10, signatures = new[] { "0x00" } });
        Assert.Equal(HttpStatusCode.Conflict, status);

        // Once the owner's signatures verify, the link is theirs for good.
        await page.SignAsync(link, token, session, owner);
        await MoveBackAsync(link, SigningSessionLedger.UnsignedHold);
        (status, body) = await page.PostAsync(link, "connect", new { account = owner.ToString(), chainId = 10 });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(SigningStatus.Signed, (await page.StateAsync(link)).Parsed);
    }

    /// <summary>Moves the session's last update back by <paramref name="by"/>: as if that much time had passed.</summary>
    private async Task MoveBackAsync(Uri link, TimeSpan by)
    {
        await using var connection = fixture.App.Services.GetRequiredService<Database>().Open();
        await connection.ExecuteAsync(
            "UPDATE signing_sessions SET updated_at = updated_at - @ms WHERE id = @id", new { id = link.Segments[^1], ms = (long)by.TotalMilliseconds });
    }
}
