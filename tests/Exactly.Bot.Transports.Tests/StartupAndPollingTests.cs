using System.Net.Http.Json;
using Exactly.Bot.FakePlatforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Start-up calls are independent, the poller never spins, and /start greets (issue 10, items 3 and 4).</summary>
public sealed class StartupAndPollingTests
{
    [Fact]
    public async Task SetMyCommandsRefused_StillDeletesAnOldWebhook_AndPollingAnswers()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RefuseSetMyCommandsWith = 500 });
        using (var http = new HttpClient())
        {
            // A webhook left by an earlier deployment: while it is set, every getUpdates is a 409.
            using var set = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/setWebhook"), new { url = "https://old.example.com/hook" });
            set.EnsureSuccessStatusCode();
        }

        fake.StartedBy(5);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        fake.PushMessage(5, 5, "/help");

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 1, "the update is answered");
        Assert.Null(fake.WebhookUrl);
        Assert.Null(fake.Commands);
    }

    [Fact]
    public async Task AServerAnsweringGetUpdatesAtOnce_IsPolledAtMostOncePerSecondOfTheClock()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var start = time.GetUtcNow();
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { AnswerGetUpdatesAtOnce = true, Time = time });
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), overrides: s => s.AddSingleton<TimeProvider>(time));
        await TransportHost.WaitUntilAsync(() => fake.GetUpdatesCalls >= 1, "the first poll");

        // The clock moves in quarter seconds until five more polls came: the poller is alive and waits for the clock in between.
        // Whole-second steps taken once a poll was seen raced the poller: a step landing after it measured its wait but before
        // it armed the timer left that timer a full second in the future, and no further step came (a timeout under load).
        await host.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => fake.GetUpdatesCalls >= 6, "five more polls");
        var calls = fake.GetUpdatesCalls;
        var seconds = (int)(time.GetUtcNow() - start).TotalSeconds;

        // Without the interval the loop polled ~3,000 times a second; with it, one poll per second of the clock after the first.
        Assert.InRange(calls, 6, seconds + 1);
    }

    [Fact]
    public async Task PollTimeoutSecondsZero_FailsAtStart_NamingTheSetting()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = TransportHost.Settings(fake, null);
        settings["Telegram:PollTimeoutSeconds"] = "0";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TransportHost.StartAsync(settings));
        Assert.Contains("Telegram__PollTimeoutSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AnswersWithTheStartGreeting_WithOrWithoutADeepLinkPayload()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        fake.PushMessage(5, 5, "/start");
        fake.PushMessage(6, 6, "/start u12345");

        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Length == 2, "both are answered");
        foreach (var sent in fake.SentSnapshot())
        {
            Assert.StartsWith("Exactly Bot quotes leverage", sent.Text, StringComparison.Ordinal);
        }
    }
}
