using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exactly.Bot.FakePlatforms;
using Exactly.Bot.Hosting;
using Exactly.Bot.Storage;
using Exactly.Bot.Telegram;
using Telegram.Bot;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Progress by editing in place: a quote's placeholder becomes the answer, exactly once, under the fake's edit rules.</summary>
public sealed class TelegramEditTests
{
    [Fact]
    public async Task AQuote_SendsAPlaceholder_ThenEditsItIntoTheAnswer()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(5);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        fake.PushMessage(5, 5, "/leverage 3x USDC 100");
        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Any(s => s.Edits > 0), "the placeholder is edited");

        var message = Assert.Single(fake.SentSnapshot());
        Assert.Equal("Quoting 3x USDC 100…", message.OriginalText);
        // No chain in this test: the answer is the sentence that says so, in place of the placeholder.
        Assert.Contains("The chain could not be read", message.Text, StringComparison.Ordinal);
        Assert.Equal(1, message.Edits);
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'placeholder' AND status = 'sent'"));
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'edit' AND status = 'sent'"));
        Assert.Empty(fake.ViolationsSnapshot());
    }

    [Fact]
    public async Task ARedeliveredQuote_AfterACrashBeforeItsAnswerCommitted_EditsTheSamePlaceholder_AndARepeatedEditCountsAsDone()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(6);
        await using var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null));
        var id = fake.PushMessage(6, 6, "/leverage 2x USDC 50");
        await TransportHost.WaitUntilAsync(() => fake.SentSnapshot().Any(s => s.Edits > 0), "the placeholder is edited");

        // As if the process died after the placeholder went out and the edit reached Telegram, but before the answer's
        // commit: the update is only 'accepted' and its answer rows do not exist. Telegram redelivers it.
        using (var connection = host.Get<Database>().Open())
        {
            connection.Execute("UPDATE inbound_events SET state = 'accepted' WHERE transport = 'telegram' AND event_id = @id", new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            connection.Execute("DELETE FROM outbox WHERE kind <> 'placeholder'");
        }

        var redelivered = TelegramUpdates.PrivateText(id, 6, "user6", "/leverage 2x USDC 50");
        Assert.True(await host.Get<TelegramUpdateProcessor>().ProcessAsync(redelivered, CancellationToken.None));
        await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'edit' AND status = 'sent'") == 1, "the repeated edit is delivered");

        var message = Assert.Single(fake.SentSnapshot());
        Assert.Equal(1, message.Edits);
        Assert.Equal(1, fake.NotModified); // Telegram's answer to the same edit again: success, not an error
        Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'placeholder'"));
        Assert.False(await host.Get<TelegramUpdateProcessor>().ProcessAsync(redelivered, CancellationToken.None));
        Assert.Empty(fake.ViolationsSnapshot());
    }

    [Fact]
    public async Task APlaceholderInDoubtAfterACrash_IsNotRepeated_AndTheAnswerArrivesAsANewMessage()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(8);
        var db = TransportHost.NewDatabasePath();
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), db))
        {
            fake.PushMessage(8, 8, "/leverage 2x USDC 70");
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'edit' AND status = 'sent'") == 1, "the quote is answered");
        }

        // As if the process died while the placeholder's request was out: its outcome is unknown, and the answer is still queued.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=false"))
        {
            connection.Open();
            Assert.Equal(1, connection.Execute("UPDATE outbox SET status = 'sending', result = NULL WHERE kind = 'placeholder'"));
            Assert.Equal(1, connection.Execute("UPDATE outbox SET status = 'pending', result = NULL WHERE kind = 'edit'"));
        }

        var before = fake.SentSnapshot().Length;
        await using (var host = await TransportHost.StartAsync(TransportHost.Settings(fake, null), db))
        {
            await TransportHost.WaitUntilAsync(() => host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'edit' AND status = 'sent'") == 1, "the answer is delivered again");
            Assert.Equal(1, host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'placeholder' AND status = 'undeliverable' AND result LIKE 'in doubt%'"));
        }

        var after = fake.SentSnapshot();
        var added = Assert.Single(after[before..]);
        Assert.Contains("The chain could not be read", added.OriginalText, StringComparison.Ordinal); // the answer, not a second "Quoting…"
        Assert.Single(after, m => m.OriginalText.StartsWith("Quoting", StringComparison.Ordinal));
        Assert.Empty(fake.ViolationsSnapshot());
        TransportHost.DeleteDatabase(db);
    }

    [Fact]
    public async Task TheFake_EditMessageText_KeepsTelegramsRules()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        fake.StartedBy(7);
        fake.PushMessage(7, 7, "hello");
        var userMessage = fake.LastUserMessageId;
        using var http = new HttpClient();
        async Task<JsonObject> CallAsync(string method, object body)
        {
            using var response = await http.PostAsJsonAsync(new Uri(fake.BaseUrl, $"/bot{fake.Token}/{method}"), body);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        static string Describe(JsonObject r) => r["ok"]!.GetValue<bool>() ? "ok" : $"{r["error_code"]} {r["description"]}";

        var sent = await CallAsync("sendMessage", new { chat_id = 7, text = "Quoting…" });
        var messageId = sent["result"]!["message_id"]!.GetValue<long>();
        // Edits count toward the flood limit: within a second of the send, the chat is still busy.
        Assert.StartsWith("429", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = messageId, text = "answer" })), StringComparison.Ordinal);
        await Task.Delay(1100);
        Assert.Equal("400 Bad Request: message to edit not found", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = messageId + 100, text = "answer" })));
        Assert.Equal("400 Bad Request: message to edit not found", Describe(await CallAsync("editMessageText", new { chat_id = 8, message_id = messageId, text = "answer" })));
        Assert.Equal("400 Bad Request: message can't be edited", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = userMessage, text = "answer" })));
        Assert.Equal("400 Bad Request: MESSAGE_TOO_LONG", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = messageId, text = new string('x', 4097) })));
        Assert.StartsWith("400 Bad Request: message is not modified", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = messageId, text = "Quoting…" })), StringComparison.Ordinal);
        Assert.Equal("ok", Describe(await CallAsync("editMessageText", new { chat_id = 7, message_id = messageId, text = "answer" })));
        Assert.Equal("answer", Assert.Single(fake.SentSnapshot()).Text);
    }

    [Fact]
    public void ALongAnswerWithAQrCode_EditsThePlaceholderWithItsFirstPart_AndSendsTheRest()
    {
        var renderer = new TelegramRenderer(new TelegramIdentity(Microsoft.Extensions.Options.Options.Create(new TelegramOptions { BotUsername = "B" })));
        var text = string.Join('\n', Enumerable.Range(0, 600).Select(i => $"line {i:000} of a long answer"));
        var image = new Exactly.Bot.Chat.ReplyImage("qr.png", "image/png", new byte[] { 1, 2, 3 }, "QR code");
        var reply = new Exactly.Bot.Chat.Reply(text, [new Exactly.Bot.Chat.ReplyLink("Open", new Uri("https://example.org/s/x"))], Image: image);

        var rows = renderer.Render(9, 9, reply, 0, "41", placeholderRow: 77);

        Assert.Equal(["edit", "message", "message", "message", "photo"], rows.Select(r => r.Kind.ToDb()));
        var edit = System.Text.Json.JsonSerializer.Deserialize<TelegramEditPayload>(rows[0].Payload, JsonBotAPI.Options)!;
        Assert.Equal(77, edit.PlaceholderRow);
        Assert.StartsWith("<pre>line 000", edit.Message.Text, StringComparison.Ordinal);
        Assert.Null(edit.Message.ReplyMarkup); // the buttons ride on the last part
    }

    [Fact]
    public void OutboxRowsQueuedBeforeTheSwapToTelegramBot_StillDeliverTheSameRequests()
    {
        // Payloads exactly as base2's own serializer wrote them (snake_case, nulls left out): rows in flight at an upgrade.
        const string edit = """{"placeholder_row":77,"message":{"chat_id":9,"text":"<pre>a</pre>","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"Open","url":"https://example.org/s/x"}]]}}}""";
        const string photo = """{"chat_id":-5,"caption":"QR code","file_name":"qr.png","content_type":"image/png","base64":"AQID","link":"https://example.org/s/x"}""";

        var request = System.Text.Json.JsonSerializer.Deserialize<TelegramEditPayload>(edit, JsonBotAPI.Options)!.ToEdit(3);
        var sendPhoto = System.Text.Json.JsonSerializer.Deserialize<TelegramPhotoPayload>(photo, JsonBotAPI.Options)!.ToRequest();

        Assert.Equal((9L, 3, "<pre>a</pre>", global::Telegram.Bot.Types.Enums.ParseMode.Html), (request.ChatId.Identifier!.Value, request.MessageId, request.Text, request.ParseMode));
        Assert.Equal("https://example.org/s/x", Assert.Single(Assert.Single(request.ReplyMarkup!.InlineKeyboard)).Url);
        Assert.Equal((-5L, "QR code"), (sendPhoto.ChatId.Identifier!.Value, sendPhoto.Caption));
        Assert.Equal("qr.png", Assert.IsType<global::Telegram.Bot.Types.InputFileStream>(sendPhoto.Photo).FileName);
    }
}
