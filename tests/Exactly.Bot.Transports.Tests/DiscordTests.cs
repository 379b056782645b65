using System.Net;
using Exactly.Bot.Chat;
using Exactly.Bot.FakePlatforms;

namespace Exactly.Bot.Transports.Tests;

/// <summary>The Discord side against the strict fake: commands, PONG, instant and deferred answers, DMs, buckets.</summary>
public sealed class DiscordTests
{
    [Fact]
    public async Task Start_RegistersTypedSlashCommands_AndPingAndHelpAreAnsweredInTime()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord));
        await TransportHost.WaitUntilAsync(() => discord.Commands is not null, "the commands are registered");
        var leverage = discord.Commands!.Single(c => c!["name"]!.GetValue<string>() == "leverage")!;
        var options = leverage["options"]!.AsArray().Select(o => (o!["name"]!.GetValue<string>(), o["type"]!.GetValue<int>(), o["required"]!.GetValue<bool>())).ToArray();
        Assert.Equal([("ratio", 3, true), ("asset", 3, true), ("amount", 10, false)], options);

        var endpoint = new Uri(host.Url, "/discord/interactions");
        var help = await discord.SendInteractionAsync(endpoint, discord.Command("help", "11"));
        Assert.Equal(HttpStatusCode.OK, help.Status);
        Assert.Equal(4, help.Response!["type"]!.GetValue<int>());
        Assert.Contains("/leverage", help.Response["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task ADeferredInteraction_TheLastProcessNeverAnswered_IsAnsweredAfterARestart()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var db = TransportHost.NewDatabasePath();
        await using (await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
        }

        // The previous process answered type 5 and stored the job, then died before editing the original.
        var job = new Exactly.Bot.Discord.DiscordJob("555", "itoken-555", "31", "/nothing", Ephemeral: true);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=false"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO inbound_events (transport, event_id, state, payload, received_at) VALUES ('discord', '555', 'accepted', $p, $t)";
            insert.Parameters.AddWithValue("$p", System.Text.Json.JsonSerializer.Serialize(job));
            insert.Parameters.AddWithValue("$t", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        discord.AcknowledgedToken("itoken-555");
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
            await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Target == "itoken-555"), "the original response is edited");
            Assert.Equal("done", host.Count("SELECT COUNT(*) FROM inbound_events WHERE state = 'done'") == 1 ? "done" : "not done");
        }

        var edit = discord.SentSnapshot().Single(s => s.Target == "itoken-555");
        Assert.Equal("edit", edit.Kind);
        Assert.Contains("There is no /nothing command", edit.Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        TransportHost.DeleteDatabase(db);
    }

    [Fact]
    public async Task Dm_ToAUserWhoRefusesDms_IsMarkedUndeliverable_AndNotRetried()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        discord.UsersRefusingDms.Add("999");
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord));
        var senders = host.Get<ChatSenders>();

        await senders.SendAsync("discord", "dm:999", Reply.Plain("Your leverage transaction is confirmed."), CancellationToken.None);
        await senders.SendAsync("discord", "dm:1000", Reply.Plain("Your leverage transaction is confirmed."), CancellationToken.None);

        await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'undeliverable'") == 1, "the 50007 row is final");
        await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Length == 1, "the other DM is delivered");
        await Task.Delay(1500);
        Assert.Equal(2, discord.DmAttempts);
        Assert.Equal("dm-1000", discord.SentSnapshot().Single().Target);
    }

    [Fact]
    public async Task ManyMessages_StayInsideBucketsAndTheGlobalLimit_LearntFromHeaders()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { BucketLimit = 5, BucketWindowMs = 1000, GlobalPerSecond = 50 });
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord));
        var senders = host.Get<ChatSenders>();
        await TransportHost.WaitUntilAsync(() => discord.Commands is not null, "the commands are registered");

        // 12 messages into one channel (one bucket), and 40 DMs to different users (global limit: 80 requests).
        for (var i = 0; i < 12; i++)
        {
            await senders.SendAsync("discord", "12345", Reply.Plain($"channel {i}"), CancellationToken.None);
        }

        for (var i = 0; i < 40; i++)
        {
            await senders.SendAsync("discord", $"dm:{2000 + i}", Reply.Plain($"dm {i}"), CancellationToken.None);
        }

        try
        {
            await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Length == 52, "all 52 messages are delivered", 60);
        }
        catch (TimeoutException)
        {
            var rows = string.Join("; ", Enumerable.Range(0, 1).Select(_ => host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") + " pending, " + host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'sending'") + " sending, " + host.Count("SELECT COUNT(*) FROM outbox WHERE status = 'undeliverable'") + " undeliverable"));
            throw new TimeoutException($"{discord.SentSnapshot().Length} sent, {discord.TooManyRequests} 429s, {rows}, violations: {string.Join(" | ", discord.Violations.Take(3))}");
        }
        var channel = discord.SentSnapshot().Where(s => s.Target == "12345").Select(s => s.Body["content"]!.GetValue<string>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"```\nchannel {i}\n```"), channel);
        Assert.Empty(discord.Violations);
        // The first request of a bucket cannot know its limit; after that, headers keep the bot inside it.
        Assert.InRange(discord.TooManyRequests, 0, 2);
    }

    [Fact]
    public async Task ADm_ResentAfterACrashBetweenItsRequestAndSent_IsStillOneMessage()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var db = TransportHost.NewDatabasePath();
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
            await host.Get<ChatSenders>().SendAsync("discord", "dm:31", Reply.Plain("Your leverage transaction is confirmed."), CancellationToken.None);
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'dm' AND status = 'sent'") == 1, "the DM is delivered");
        }

        // The process died after Discord created the message but before the row was marked sent: it is in doubt, and the
        // next process sends it again, with the same nonce.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=false"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE outbox SET status = 'sending', result = NULL WHERE kind = 'dm'";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord), db))
        {
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'dm' AND status = 'sent' AND attempts = 2") == 1, "the in-doubt DM is sent again");
        }

        Assert.Equal(1, discord.NonceRepeats);
        var dm = Assert.Single(discord.SentSnapshot());
        Assert.Equal("dm-31", dm.Target);
        Assert.True(dm.Body["enforce_nonce"]!.GetValue<bool>());
        Assert.InRange(dm.Body["nonce"]!.GetValue<string>().Length, 1, 25);
        TransportHost.DeleteDatabase(db);
    }

    [Fact]
    public async Task TheFake_ReturnsTheExistingMessage_OnlyForARepeatedEnforcedNonce()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        using var http = new HttpClient();
        async Task<string> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(discord.ApiUrl + "/channels/12345/messages")) { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + discord.Options.BotToken);
            using var response = await http.SendAsync(request);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        var first = await PostAsync(new { content = "a", nonce = "17", enforce_nonce = true });
        Assert.Equal(first, await PostAsync(new { content = "a", nonce = "17", enforce_nonce = true }));
        Assert.NotEqual(first, await PostAsync(new { content = "a", nonce = "17" })); // without enforce_nonce: a new message
        Assert.StartsWith("400", await PostAsync(new { content = "a", nonce = new string('9', 26), enforce_nonce = true }), StringComparison.Ordinal);
        Assert.Equal(2, discord.SentSnapshot().Length);
        Assert.Equal(1, discord.NonceRepeats);
    }

    [Fact]
    public async Task ComponentsAndModalSubmits_GetAnEphemeralSentence_AutocompleteWithoutAChainGetsNoChoices_UnknownTypesA400()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord));
        await TransportHost.WaitUntilAsync(() => discord.Commands is not null, "the commands are registered");
        var asset = discord.Commands!.Single(c => c!["name"]!.GetValue<string>() == "leverage")!["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "asset")!;
        Assert.True(asset["autocomplete"]!.GetValue<bool>());
        var endpoint = new Uri(host.Url, "/discord/interactions");

        foreach (var type in new[] { 3, 5 })
        {
            var result = await discord.SendInteractionAsync(endpoint, discord.ComponentOrModal(type, "old-button", "11"));
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.Equal(4, result.Response!["type"]!.GetValue<int>());
            Assert.Equal(64, result.Response["data"]!["flags"]!.GetValue<int>());
            Assert.Contains("/help", result.Response["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // No chain here: the markets cannot be read, and the answer is still in time, with no choices.
        var complete = await discord.SendInteractionAsync(endpoint, discord.Autocomplete("leverage", "11", "asset", "US"));
        Assert.Equal(8, complete.Response!["type"]!.GetValue<int>());
        Assert.Empty(complete.Response["data"]!["choices"]!.AsArray());

        var unknown = discord.Command("help", "11");
        unknown["type"] = 99;
        Assert.Equal(HttpStatusCode.BadRequest, (await discord.SendInteractionAsync(endpoint, unknown)).Status);
        Assert.Empty(discord.Violations);
        Assert.Equal(0, host.Count("SELECT COUNT(*) FROM inbound_events"));
    }

    [Fact]
    public async Task AlertCommands_AreTypedSlashCommands_AnsweredOnlyToTheirUser_AndMappedBackToTheChatLine()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(null, discord));
        await TransportHost.WaitUntilAsync(() => discord.Commands is not null, "the commands are registered");
        var names = discord.Commands!.Select(c => c!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "watch", "unwatch", "wallets", "alert", "alerts", "snooze", "link" }, names);
        var alert = discord.Commands!.Single(c => c!["name"]!.GetValue<string>() == "alert")!;
        var options = alert["options"]!.AsArray().Select(o => (o!["name"]!.GetValue<string>(), o["type"]!.GetValue<int>(), o["required"]!.GetValue<bool>())).ToArray();
        Assert.Equal([("wallet", 3, true), ("setting", 3, true), ("value", 10, false)], options);
        var endpoint = new Uri(host.Url, "/discord/interactions");

        var lines = new (System.Text.Json.Nodes.JsonObject Interaction, string Expected)[]
        {
            (discord.Command("watch", "11", ("address", 3, System.Text.Json.Nodes.JsonValue.Create("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")), ("label", 3, System.Text.Json.Nodes.JsonValue.Create("main"))), "Watching main (0x7099…79C8)"),
            (discord.Command("alert", "11", ("value", 10, System.Text.Json.Nodes.JsonValue.Create(1.3)), ("wallet", 3, System.Text.Json.Nodes.JsonValue.Create("main")), ("setting", 3, System.Text.Json.Nodes.JsonValue.Create("below"))), "main (0x7099…79C8): warning below 1.30"),
        };
        foreach (var (interaction, expected) in lines)
        {
            var token = interaction["token"]!.GetValue<string>();
            var deferred = await discord.SendInteractionAsync(endpoint, interaction);
            Assert.Equal(5, deferred.Response!["type"]!.GetValue<int>());
            Assert.Equal(64, deferred.Response["data"]!["flags"]!.GetValue<int>());
            await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Target == token), "the answer is edited in");
            Assert.Contains(expected, discord.SentSnapshot().Single(s => s.Target == token).Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Empty(discord.Violations);
    }
}
