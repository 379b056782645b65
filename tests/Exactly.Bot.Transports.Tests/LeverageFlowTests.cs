using System.Net;
using System.Text.Json.Nodes;
using Exactly.Bot.Chat;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// The leverage flow on the devnet from each platform: command → quote → signing link (a URL button / link button, only
/// where it is private) → the signing page answers → a confirmation sent through the transport's IChatSender.
/// </summary>
public sealed class LeverageFlowTests(LeverageFlowFixture fixture) : IClassFixture<LeverageFlowFixture>
{
    [Fact]
    public async Task Telegram_PrivateChat_QuoteWithSigningButton_ThenConfirmation()
    {
        var telegram = fixture.Telegram;
        var user = LeverageFlowFixture.TelegramUser;
        telegram.StartedBy(user);

        telegram.PushMessage(user, user, "/leverage 3x USDC 100");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == user && s.Photo), "the quote and its QR code are delivered", 60);

        var quote = telegram.SentSnapshot().Single(s => s.ChatId == user && !s.Photo);
        Assert.Equal("Quoting 3x USDC 100…", quote.OriginalText); // progress first, then edited in place into the quote
        Assert.Matches(@"Deposit\s+300 USDC", quote.Text);
        Assert.Contains(user, telegram.ChatActions); // typing while quoting
        var url = new Uri(quote.ReplyMarkup!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>());
        using (var http = new HttpClient())
        {
            using var page = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await fixture.Host.Get<ChatSenders>().SendAsync("telegram", user.ToString(System.Globalization.CultureInfo.InvariantCulture), Reply.Plain("Leverage confirmed in block 60."), CancellationToken.None);
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Count(s => s.ChatId == user) == 3, "the confirmation is delivered");
        Assert.Equal("Leverage confirmed in block 60.", telegram.SentSnapshot().Where(s => s.ChatId == user).Last().Text);
        Assert.Equal(["text", "photo", "text"], telegram.SentSnapshot().Where(s => s.ChatId == user).Select(s => s.Photo ? "photo" : "text"));
        Assert.Empty(telegram.ViolationsSnapshot());
    }

    [Fact]
    public async Task Telegram_Group_QuoteInTheGroup_LinkOnlyInPrivate_AfterTheUserStartsTheBot()
    {
        var telegram = fixture.Telegram;
        const long group = -100500;
        const long user = 43; // has never started the bot: Telegram refuses private messages to them (403)
        var update = telegram.PushMessage(group, user, "/leverage@ExactlyTestBot 2x USDC 10");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == group && s.Edits > 0), "the group's placeholder is edited into the quote", 60);
        await TransportHost.WaitUntilAsync(() => fixture.Host.Count("SELECT COUNT(*) FROM outbox WHERE kind = 'private' AND status = 'undeliverable'") >= 1, "the private link is refused");

        var inGroup = telegram.SentSnapshot().Single(s => s.ChatId == group);
        Assert.Equal("Quoting 2x USDC 10…", inGroup.OriginalText);
        Assert.Contains("Deposit", inGroup.Text, StringComparison.Ordinal);
        var buttons = inGroup.ReplyMarkup!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray()).Select(b => b!["url"]!.GetValue<string>()).ToArray();
        var deepLink = Assert.Single(buttons);
        Assert.Equal($"https://t.me/ExactlyTestBot?start=u{update}", deepLink);
        Assert.DoesNotContain("/s/", inGroup.Text, StringComparison.Ordinal);

        // The user opens the deep link: Telegram sends /start u<update> from their private chat.
        telegram.PushMessage(user, user, $"/start u{update}");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == user && s.ReplyMarkup is not null), "the private link is delivered");
        var link = telegram.SentSnapshot().Single(s => s.ChatId == user && s.ReplyMarkup is not null);
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == user && s.Photo), "the QR code follows in private");
        Assert.DoesNotContain(telegram.SentSnapshot(), s => s.ChatId == group && s.Photo);
        Assert.Contains("/s/", link.ReplyMarkup!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);

        // Someone else's /start with the same payload gets nothing of it: authority is the outbox row's chat, not the payload.
        telegram.StartedBy(44);
        telegram.PushMessage(44, 44, $"/start u{update}");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == 44), "the stranger gets the welcome");
        await Task.Delay(1200);
        Assert.DoesNotContain(telegram.SentSnapshot(), s => s.ChatId == 44 && s.ReplyMarkup is not null);
    }

    [Fact]
    public async Task Telegram_AQuoteRedoneAfterACrashBeforeItsReplyCommitted_ReusesItsSigningSession()
    {
        var telegram = fixture.Telegram;
        const long user = 46;
        telegram.StartedBy(user);
        var id = telegram.PushMessage(user, user, "/leverage 2x USDC 20");
        await TransportHost.WaitUntilAsync(() => telegram.SentSnapshot().Any(s => s.ChatId == user && s.Edits > 0), "the quote is delivered", 60);
        string Link() => telegram.SentSnapshot().Single(s => s.ChatId == user && !s.Photo).ReplyMarkup!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>();
        var first = Link();
        var eventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, fixture.Host.Count($"SELECT COUNT(*) FROM signing_sessions WHERE transport = 'telegram' AND source_event = '{eventId}'"));

        // As if the process died after the quote created its session but before the reply committed: Telegram redelivers.
        using (var connection = fixture.Host.Get<Exactly.Bot.Storage.Database>().Open())
        {
            Dapper.SqlMapper.Execute(connection, "UPDATE inbound_events SET state = 'accepted' WHERE transport = 'telegram' AND event_id = @eventId", new { eventId });
            Dapper.SqlMapper.Execute(connection, "DELETE FROM outbox WHERE source_event = @eventId AND kind <> 'placeholder'", new { eventId });
        }

        var update = TelegramUpdates.PrivateText(id, user, "u", "/leverage 2x USDC 20");
        Assert.True(await fixture.Host.Get<Exactly.Bot.Telegram.TelegramUpdateProcessor>().ProcessAsync(update, CancellationToken.None));
        await TransportHost.WaitUntilAsync(() => fixture.Host.Count($"SELECT COUNT(*) FROM outbox WHERE source_event = '{eventId}' AND kind = 'edit' AND status = 'sent'") == 1, "the redone answer is delivered");

        Assert.Equal(1, fixture.Host.Count("SELECT COUNT(*) FROM signing_sessions WHERE transport = 'telegram' AND chat_id = '46'"));
        Assert.Equal(first, Link()); // the same session, so the same link
    }

    [Fact]
    public async Task Discord_AssetAutocomplete_OffersTheAuditorListedMarkets_FilteredByWhatIsTyped()
    {
        var discord = fixture.Discord;
        var endpoint = new Uri(fixture.Host.Url, "/discord/interactions");
        var all = await discord.SendInteractionAsync(endpoint, discord.Autocomplete("leverage", LeverageFlowFixture.DiscordUser, "asset", ""));
        var symbols = all.Response!["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToArray();
        Assert.Contains("USDC", symbols);
        Assert.Contains("WETH", symbols);

        var typed = await discord.SendInteractionAsync(endpoint, discord.Autocomplete("deleverage", LeverageFlowFixture.DiscordUser, "asset", "us"));
        Assert.Equal(8, typed.Response!["type"]!.GetValue<int>());
        Assert.Equal(["USDC"], typed.Response["data"]!["choices"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task Discord_DeferredEphemeralQuote_EditedWithLinkButton_ThenDmConfirmation()
    {
        var discord = fixture.Discord;
        var endpoint = new Uri(fixture.Host.Url, "/discord/interactions");
        var interaction = discord.Command("leverage", LeverageFlowFixture.DiscordUser, ("ratio", 3, "3x"), ("asset", 3, "USDC"), ("amount", 10, 100));
        var token = interaction["token"]!.GetValue<string>();

        var first = await discord.SendInteractionAsync(endpoint, interaction);

        Assert.Equal(5, first.Response!["type"]!.GetValue<int>());
        Assert.Equal(64, first.Response["data"]!["flags"]!.GetValue<int>());
        await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Target == token), "the original response is edited", 60);
        var edit = discord.SentSnapshot().Single(s => s.Target == token);
        Assert.Equal("edit", edit.Kind);
        Assert.Matches(@"Deposit\s+300 USDC", edit.Body["content"]!.GetValue<string>());
        Assert.Equal(1, edit.Body["_files"]!.GetValue<int>()); // the QR code, uploaded with the ephemeral edit
        Assert.Equal(0, edit.Body["attachments"]![0]!["id"]!.GetValue<int>());
        var button = edit.Body["components"]![0]!["components"]![0]!;
        Assert.Equal(5, button["style"]!.GetValue<int>());
        Assert.Contains("/s/", button["url"]!.GetValue<string>(), StringComparison.Ordinal);

        await fixture.Host.Get<ChatSenders>().SendAsync("discord", "dm:" + LeverageFlowFixture.DiscordUser, Reply.Plain("Leverage confirmed."), CancellationToken.None);
        await TransportHost.WaitUntilAsync(() => discord.SentSnapshot().Any(s => s.Kind == "dm"), "the confirmation DM is delivered");
        Assert.Equal("dm-" + LeverageFlowFixture.DiscordUser, discord.SentSnapshot().Single(s => s.Kind == "dm").Target);
        Assert.Empty(discord.Violations);
    }
}
