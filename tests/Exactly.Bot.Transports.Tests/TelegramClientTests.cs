using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// The Bot API client as <see cref="TelegramServiceCollectionExtensions.AddTelegram"/> builds it (Telegram.Bot), and the fake
/// Telegram server taking what Telegram takes — no stricter, or the library's ordinary requests would fail only in tests.
/// </summary>
public sealed class TelegramClientTests
{
    [Fact]
    public async Task The429_ReachesTheCaller_AtOnce_WithRetryAfter_AndIsNotRetriedByTheClient()
    {
        // The fake's clock stands still: a second message to the same chat is inside its one-second window, so a 429.
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Time = new FakeTimeProvider() });
        fake.StartedBy(5);
        await using var provider = TelegramServices(fake);
        var client = provider.GetRequiredService<ITelegramBotClient>();

        await client.SendRequest(new SendMessageRequest { ChatId = 5, Text = "one" }, CancellationToken.None);
        var requestsBefore = fake.RequestCount;
        var refusal = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendRequest(new SendMessageRequest { ChatId = 5, Text = "two" }, CancellationToken.None));

        Assert.Equal(429, refusal.ErrorCode);
        Assert.Equal(1, refusal.Parameters?.RetryAfter);
        // One request, one 429: Telegram.Bot's own retry (RetryThreshold) would have slept and asked again, hiding it from flood control.
        Assert.Equal(requestsBefore + 1, fake.RequestCount);
        Assert.Equal(1, fake.TooManyRequests);
        Assert.Empty(fake.ViolationsSnapshot());
    }

    [Fact]
    public async Task TheFake_AParameterlessMethodWithoutABody_IsAnswered()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient();

        using var bare = await http.PostAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/getMe"), content: null);
        using var empty = await http.PostAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/deleteWebhook"), new StringContent(string.Empty));

        Assert.Equal("ok", await DescribeAsync(bare));
        Assert.Equal("ok", await DescribeAsync(empty));
    }

    [Fact]
    public async Task TheFake_ParseModeInAnyCase_IsHtml()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        fake.StartedBy(6);
        using var http = new HttpClient();

        using var lower = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/sendMessage"), new { chat_id = 5, text = "<b>a</b>", parse_mode = "html" });
        using var broken = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/sendMessage"), new { chat_id = 6, text = "<b>a", parse_mode = "Html" });

        Assert.Equal("ok", await DescribeAsync(lower));
        Assert.Equal("a", Assert.Single(fake.SentSnapshot()).Text); // parsed as HTML, not sent as the raw tags
        Assert.StartsWith("400 Bad Request: can't parse entities", await DescribeAsync(broken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFake_APhotoSentAsAnAttachReference_IsDelivered()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("5"), "chat_id" },
            { new StringContent("attach://qr"), "photo" },
        };
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("\x89PNG not really"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"); // Telegram reads the bytes, not this
        form.Add(file, "qr", "qr.png");

        using var response = await http.PostAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/sendPhoto"), form);

        Assert.Equal("ok", await DescribeAsync(response));
        Assert.True(Assert.Single(fake.SentSnapshot()).Photo);
    }

    private static ServiceProvider TelegramServices(FakeTelegramServer fake)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(TransportHost.Settings(fake, null)).Build());
        services.AddLogging();
        services.AddTelegram();
        return services.BuildServiceProvider();
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["ok"]!.GetValue<bool>() ? "ok" : $"{body["error_code"]} {body["description"]}";
    }
}
