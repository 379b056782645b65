using System.Net;
using Dapper;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Signing;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
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

    [Fact]
    public async Task DemoWallet_AnswersOnlyItsOwnHost_AndSignsOrSendsOnlyWhatItsSessionPlanned()
    {
        using var page = new PageApi(fixture);
        var wallet = fixture.Demo.Devnet.DemoWallet;
        var link = await page.LinkAsync(BotFixture.FromDemoUser("/leverage 2x USDC 10"));
        var (_, session) = await page.ConnectAsync(link, wallet);
        var permit = session.GetProperty("permits")[0].GetProperty("typedData");
        object Sign(string typedData) => new { method = "eth_signTypedData_v4", @params = new object[] { wallet.ToString(), typedData } };

        // A page on another origin that resolves to loopback (DNS rebinding) sends its own Host: refused.
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(link, $"{link.Segments[^1]}/demo-rpc")) { Content = System.Net.Http.Json.JsonContent.Create(Sign(permit.GetRawText())) };
            request.Headers.Host = "rebound.example:80";
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // From its own page: the session's permit is signed; anything else, or another session's id, is not.
        var (status, body) = await page.PostAsync(link, "demo-rpc", Sign(permit.GetRawText()));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var tampered = System.Text.Json.Nodes.JsonNode.Parse(permit.GetRawText())!;
        tampered["message"]!["value"] = "1000000000000000";
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostAsync(link, "demo-rpc", Sign(tampered.ToJsonString()))).Status);
        var selfTransfer = new { from = wallet.ToString(), to = wallet.ToString(), value = "0x1", gas = "0x5208" };
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostAsync(link, "demo-rpc", new { method = "eth_sendTransaction", @params = new[] { selfTransfer } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await page.PostAsync(new Uri(link, "/s/AAAAAAAAAAAAAAAAAAAAAA"), "demo-rpc", Sign(permit.GetRawText()))).Status);
    }

    [Fact]
    public async Task DemoWallet_OutsideTheDemo_HasNoEndpoint()
    {
        var settings = fixture.Demo.Settings.Where(s => s.Key != "Signing:DemoWallet").ToDictionary(s => s.Key, s => s.Value);
        settings["Storage:Path"] = TempDatabase.NewPath("bot-nodemo");
        await using var app = DemoComposition.Build([], settings, console: null);
        var routes = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();

        Assert.Contains("/s/{id}/connect", routes);
        Assert.DoesNotContain(routes, r => r!.Contains("demo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoWallet_InTheProductionBot_HasNoEndpoint_EvenWhenItsSettingIsPresent()
    {
        // The demo's own settings, Signing:DemoWallet included, given to the production composition (what run mode builds).
        var settings = new Dictionary<string, string?>(fixture.Demo.Settings)
        {
            ["Storage:Path"] = TempDatabase.NewPath("bot-prod"),
        };
        await using var app = BotApplication.Build([], settings, console: null);
        var routes = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();

        Assert.Contains("/s/{id}/connect", routes);
        Assert.DoesNotContain(routes, r => r!.Contains("demo", StringComparison.Ordinal));
        Assert.Null(app.Services.GetService<IOfferedWallet>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PageApi_ABodyOver64KiB_Is413_AndNothingHappens(bool declaresItsLength)
    {
        using var page = new PageApi(fixture);
        var link = await page.LinkAsync(BotFixture.FromDemoUser("/leverage 2x USDC 10"));
        var json = $$"""{"account":"{{fixture.Demo.Devnet.DemoWallet}}","chainId":10,"padding":"{{new string('a', 1 << 20)}}"}""";
        using var http = new HttpClient();
        using HttpContent content = declaresItsLength
            ? new StringContent(json, System.Text.Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        if (!declaresItsLength)
        {
            content.Headers.ContentLength = null; // sent chunked
        }

        using var response = await http.PostAsync(new Uri(link, $"{link.Segments[^1]}/connect"), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("64 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SigningStatus.Created, (await page.StateAsync(link)).Parsed);
    }

    /// <summary>Moves the session's last update back by <paramref name="by"/>: as if that much time had passed.</summary>
    private async Task MoveBackAsync(Uri link, TimeSpan by)
    {
        await using var connection = fixture.App.Services.GetRequiredService<Database>().Open();
        await connection.ExecuteAsync(
            "UPDATE signing_sessions SET updated_at = updated_at - @ms WHERE id = @id", new { id = link.Segments[^1], ms = (long)by.TotalMilliseconds });
    }
}
