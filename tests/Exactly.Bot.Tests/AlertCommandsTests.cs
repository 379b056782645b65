using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Xunit.Abstractions;
using Exactly.Bot.Text;

namespace Exactly.Bot.Tests;

/// <summary>
/// The alert commands (issue 12, items 1 and 2): /watch, /unwatch, /wallets, /alert, /alerts and /snooze parse, validate and
/// store; every refusal says what was wrong and ends with an example that itself works.
/// </summary>
public sealed class AlertCommandsTests(ITestOutputHelper output) : IDisposable
{
    private const string Account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private readonly AlertCommandsHarness bot = new();

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task Watch_InAPrivateChat_StoresAWatchOnlyWallet_ThatWalletsLists_NotEvaluatedYet()
    {
        var watched = await bot.PrivateAsync("42", $"/watch {Account} main");
        var listed = await bot.PrivateAsync("42", "/wallets");
        output.WriteLine(watched.Text + "\n---\n" + listed.Text);

        Assert.False(watched.IsError, watched.Text);
        var wallet = Assert.Single(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default));
        Assert.Equal(("main", Address.Parse(Account), false, true), (wallet.Label, wallet.Address, wallet.Linked, wallet.AlertsOn));
        Assert.Contains("main (0x7099…79C8) · watch-only · alerts on", listed.Text, StringComparison.Ordinal);
        Assert.Contains("not evaluated yet", listed.Text, StringComparison.Ordinal);
        Assert.Contains("(1 of 10)", listed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wallets_AfterTheMonitorsReading_ShowsTierBlockAndAge()
    {
        await bot.PrivateAsync("42", $"/watch {Account} main");
        var wallet = (await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default))[0];
        await using (var connection = bot.Database.Open())
        await using (var transaction = connection.BeginTransaction())
        {
            var state = new TierState(HealthTier.Warning, 1_700_000_000, 123_456, HealthTier.Warning, HealthTier.Safe);
            WatchStore.WriteTierState(connection, transaction, wallet.Id, state, bot.Time.GetUtcNow().ToUnixTimeMilliseconds());
            transaction.Commit();
        }

        bot.Time.Advance(TimeSpan.FromMinutes(3));
        var listed = await bot.PrivateAsync("42", "/wallets");
        var alerts = await bot.PrivateAsync("42", "/alerts");

        Assert.Contains("warning at block 123456, 3 min ago", listed.Text, StringComparison.Ordinal);
        Assert.Contains("now: warning at block 123456, 3 min ago", alerts.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_SetsWarningDangerTargetAndOff_AndAlertsShowsTheRules()
    {
        await bot.PrivateAsync("42", $"/watch {Account} main");
        foreach (var line in new[] { "/alert main below 1.3", "/alert MAIN danger 1.15", $"/alert {Account} target 1.6", "/alert main off" })
        {
            var reply = await bot.PrivateAsync("42", line);
            Assert.False(reply.IsError, $"{line}: {reply.Text}");
        }

        var wallet = Assert.Single(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default));
        Assert.Equal((Units.Wad * 130 / 100, Units.Wad * 115 / 100, Units.Wad * 160 / 100, false), (wallet.Thresholds.Warning, wallet.Thresholds.Danger, wallet.FixTarget, wallet.AlertsOn));
        var alerts = await bot.PrivateAsync("42", "/alerts");
        output.WriteLine(alerts.Text);
        Assert.Contains("alerts off · warning < 1.30 · danger < 1.15 · liquidatable < 1.00 · fix to 1.60", alerts.Text, StringComparison.Ordinal);
        Assert.False((await bot.PrivateAsync("42", "/alert main on")).IsError);
        Assert.True((await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default))[0].AlertsOn);
    }

    [Theory]
    [InlineData("/alert main below 1.0", "above 1.00")]
    [InlineData("/alert main below 3.5", "at most 3.00")]
    [InlineData("/alert main danger 1.3", "at or below the warning threshold (1.25)")]
    [InlineData("/alert main below 1.05", "at or above the danger threshold (1.10)")]
    [InlineData("/alert main below 1.6", "below the fix target (1.50)")]
    [InlineData("/alert main target 1.2", "above the warning threshold (1.25)")]
    [InlineData("/alert main target 6", "at most 5.00")]
    [InlineData("/alert main below abc", "'abc' is not a health factor")]
    [InlineData("/alert main below 1.333", "more than 2 decimals")]
    [InlineData("/alert nosuch below 1.3", "'nosuch' is not one of your wallets. Yours: main.")]
    [InlineData("/alert main sideways 1.3", "/alert takes a wallet and one setting")]
    [InlineData("/alert main on 1.3", "/alert takes a wallet and one setting")]
    [InlineData("/alert main", "/alert takes a wallet and one setting")]
    [InlineData("/watch 0x70997970c51812dc3a010c7d01b50e0d17dc79c9x", "is not an address")]
    [InlineData("/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "EIP-55 checksum is wrong")]
    [InlineData("/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 bad!label", "letters, digits, - and _ only")]
    [InlineData("/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0x00000000000000000000000000000000000000aa", "A label is at most 24 characters")]
    [InlineData("/watch 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC main", "already use the label main")]
    [InlineData("/unwatch nosuch", "'nosuch' is not one of your wallets")]
    [InlineData("/unwatch", "/unwatch takes one wallet")]
    [InlineData("/wallets all", "/wallets takes no arguments")]
    [InlineData("/alerts now", "/alerts takes no arguments")]
    [InlineData("/snooze 8d", "at most 7 days")]
    [InlineData("/snooze 10x", "'10x' is not a duration")]
    [InlineData("/snooze 0h", "'0h' is not a duration")]
    [InlineData("/snooze 6h 2d", "/snooze takes one duration or off")]
    public async Task WrongCommand_SaysWhatWasWrong_AndItsExampleWorks(string line, string sentence)
    {
        // Each case is a new user with one wallet at the default rules, so the example runs in the state the refusal saw.
        var user = Guid.NewGuid().ToString("N");
        Assert.False((await bot.PrivateAsync(user, $"/watch {Account} main")).IsError);

        var reply = await bot.PrivateAsync(user, line);
        output.WriteLine(reply.Text);

        Assert.True(reply.IsError, reply.Text);
        Assert.Contains(sentence, reply.Text, StringComparison.Ordinal);
        var example = reply.Text[(reply.Text.LastIndexOf("\nExample: ", StringComparison.Ordinal) + 10)..];
        var tried = await bot.PrivateAsync(user, example);
        Assert.False(tried.IsError, $"the example '{example}' fails: {tried.Text}");
    }

    [Fact]
    public async Task Watch_AnEleventhWallet_IsRefusedWithTheLimit_AndAnUnwatchThatWorks()
    {
        for (var i = 1; i <= WatchStore.MaxWalletsPerUser; i++)
        {
            Assert.False((await bot.PrivateAsync("42", $"/watch {Address.Parse($"0x{i:x40}")}")).IsError);
        }

        var refused = await bot.PrivateAsync("42", $"/watch {Account}");
        Assert.True(refused.IsError);
        Assert.StartsWith("You watch 10 wallets already, the most one user can.", refused.Text, StringComparison.Ordinal);
        Assert.EndsWith("Example: /unwatch wallet1", refused.Text, StringComparison.Ordinal);
        Assert.False((await bot.PrivateAsync("42", "/unwatch wallet1")).IsError);
        Assert.False((await bot.PrivateAsync("42", $"/watch {Account}")).IsError);
    }

    [Fact]
    public async Task Snooze_HoldsAlertsForTheDuration_OffEndsIt()
    {
        var owner = new WalletOwner("telegram", "42");
        var snoozed = await bot.PrivateAsync("42", "/snooze 6h");
        Assert.Contains("snoozed for 6 h, until 2026-12-03 15:00 UTC", snoozed.Text, StringComparison.Ordinal);
        Assert.Equal(bot.Time.GetUtcNow().AddHours(6), await bot.Store.SnoozedUntilAsync(owner, default));

        bot.Time.Advance(TimeSpan.FromMinutes(90));
        Assert.Contains("(4 h 30 min left", (await bot.PrivateAsync("42", "/snooze")).Text, StringComparison.Ordinal);
        Assert.False((await bot.PrivateAsync("42", "/snooze off")).IsError);
        Assert.Null(await bot.Store.SnoozedUntilAsync(owner, default));
        Assert.False((await bot.PrivateAsync("42", "/snooze 7d")).IsError);
        Assert.Equal(bot.Time.GetUtcNow().AddDays(7), await bot.Store.SnoozedUntilAsync(owner, default));
    }

    [Fact]
    public async Task HostileValues_AreEchoedClippedAndClean_AndTheRefusalKeepsItsExample()
    {
        await bot.PrivateAsync("42", $"/watch {Account} main");
        string[] payloads = [new string('7', 5_000), "\u202Egsu\u202D" + new string('x', 80), "1.3\0\u200B\u2066", "0x" + new string('g', 5_000)];
        foreach (var template in new[] { "/alert main below {0}", "/alert main target {0}", "/alert main {0} 1.3", "/alert {0} below 1.3", "/snooze {0}", "/unwatch {0}", $"/watch {Account} {{0}}" })
        {
            foreach (var payload in payloads)
            {
                var reply = await bot.PrivateAsync("42", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, payload));
                Assert.True(reply.IsError, reply.Text);
                Assert.DoesNotContain(reply.Text, c => UserText.IsHidden(c) && c != '\n');
                Assert.True(reply.Text.Length < 600, $"{template}: {reply.Text.Length} characters");
                Assert.Matches(@"\nExample: /[^\n]+$", reply.Text);
            }
        }
    }

    [Fact]
    public async Task Unwatch_ByAddressOrLabel_RemovesOnlyThatWallet()
    {
        await bot.PrivateAsync("42", $"/watch {Account} main");
        await bot.PrivateAsync("42", "/watch 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC spare");

        Assert.False((await bot.PrivateAsync("42", $"/unwatch {Account.ToLowerInvariant()}")).IsError);
        Assert.Equal("spare", Assert.Single(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default)).Label);
        Assert.False((await bot.PrivateAsync("42", "/unwatch SPARE")).IsError);
        Assert.Empty(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default));
    }
}
