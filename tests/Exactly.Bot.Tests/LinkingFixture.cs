using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Signatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests;

/// <summary>
/// The bot on a devnet (real anvil, real Kestrel, real SQLite) with a clock the test moves, and the link page's HTTP API
/// driven the way its script drives it. Outcomes reach the console transport's chat (<see cref="IdleWatcherFixture.Chat"/>).
/// </summary>
public sealed class LinkingFixture : IdleWatcherFixture
{
    // Starts at the real time: the message's issued-at is compared with this clock, not the chain's.
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public ChatBot Bot => App.Services.GetRequiredService<ChatBot>();

    /// <summary>A console message from <paramref name="userId"/> (the console is a private chat).</summary>
    public static ChatMessage From(string userId, string text) => new("console", "console", userId, text, Guid.NewGuid().ToString("N"));

    /// <summary>Sends <c>/link</c> and returns the page URL from the reply's first button.</summary>
    public async Task<Uri> LinkPageAsync(string userId, string command = "/link")
    {
        var reply = await Bot.HandleAsync(From(userId, command), CancellationToken.None);
        Assert.False(reply.IsError, reply.Text);
        return reply.Links[0].Url;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(Uri page, string step, object body)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(page, $"{page.AbsolutePath}/{step}"), body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<HttpStatusCode> GetPageAsync(Uri page)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(page);
        return response.StatusCode;
    }

    /// <summary>The message the page gets for <paramref name="account"/> (sent in lower case, as wallets report accounts).</summary>
    public static async Task<string> MessageAsync(Uri page, Address account)
    {
        var (status, body) = await PostAsync(page, "message", new { account = account.ToString().ToLowerInvariant() });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("message").GetString()!;
    }

    /// <summary>Posts <paramref name="text"/> signed with <c>personal_sign</c> semantics by <paramref name="key"/> (the project's secp256k1 code).</summary>
    public static Task<(HttpStatusCode Status, JsonElement Body)> VerifyAsync(Uri page, string text, byte[] key) =>
        PostAsync(page, "verify", new { message = text, signature = Hex.Encode(Secp256k1.Sign(PersonalMessage.Hash(text), key).ToBytes()) });

    protected override void Override(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);
}
