using System.Text.RegularExpressions;
using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// Which addresses a chat user watches is theirs to know (HEALTH.md, "Privacy"): in a group the alert commands show labels
/// only, and /watch neither stores nor repeats an address typed there.
/// </summary>
public sealed partial class GroupPrivacyTests(ITestOutputHelper output) : IDisposable
{
    private const string Account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private readonly AlertCommandsHarness bot = new();

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task Watch_InAGroup_IsRefused_StoresNothing_AndRepeatsNoAddress()
    {
        var reply = await bot.GroupAsync("42", $"/watch {Account} main");
        output.WriteLine(reply.Text);

        Assert.True(reply.IsError);
        Assert.Contains("works in a private chat with the bot only", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(AnyAddressPart(), reply.Text);
        Assert.Empty(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default));
    }

    [Fact]
    public async Task AlertCommands_InAGroup_ShowLabelsOnly_WhileThePrivateChatShowsTheAddress()
    {
        Assert.False((await bot.PrivateAsync("42", $"/watch {Account} main")).IsError);
        Assert.False((await bot.PrivateAsync("42", "/watch 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC spare")).IsError);
        Assert.Contains("0x7099…79C8", (await bot.PrivateAsync("42", "/wallets")).Text, StringComparison.Ordinal);

        var lines = new[]
        {
            "/wallets", "/alerts", "/alert main below 1.3", "/alert main danger 1.2", "/alert main target 1.8", "/alert main off", "/alert main on",
            $"/alert {Account} below 1.35", "/alert nosuch below 1.3", $"/alert 0x{new string('1', 40)} below 1.3", "/snooze 1h", "/snooze",
            $"/unwatch {Account}", "/unwatch spare",
        };
        foreach (var line in lines)
        {
            var reply = await bot.GroupAsync("42", line);
            output.WriteLine($"{line}\n{reply.Text}\n");
            Assert.DoesNotMatch(AnyAddressPart(), reply.Text);
        }

        Assert.Empty(await bot.Store.ListAsync(new WalletOwner("telegram", "42"), default));
    }

    [Theory]
    [InlineData("telegram", "42", "42", true)]
    [InlineData("telegram", "-1001234567890", "42", false)]
    [InlineData("discord", "dm:42", "42", true)]
    [InlineData("discord", "1234567890", "42", false)]
    [InlineData("console", "console", "console", true)]
    public void ChatPrivacy_KnowsPrivateChatsPerTransport(string transport, string chatId, string userId, bool isPrivate) =>
        Assert.Equal(isPrivate, ChatPrivacy.IsPrivate(new ChatMessage(transport, chatId, userId, "/wallets", "1")));

    /// <summary>0x and four hex digits: the start of any address, full or shortened.</summary>
    [GeneratedRegex("0x[0-9a-fA-F]{4}")]
    private static partial Regex AnyAddressPart();
}
