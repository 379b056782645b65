using System.Globalization;
using Exactly.Bot.Chat;
using Xunit.Abstractions;
using Exactly.Bot.Text;

namespace Exactly.Bot.Tests;

/// <summary>
/// Hostile lines in every argument of every command (issue 10, item 15): whatever a reply echoes is at most 64 characters,
/// carries no control, bidirectional, NUL or zero-width character, and every error reply still ends with its example.
/// </summary>
public sealed class HostileEchoTests(BotFixture fixture, ITestOutputHelper output) : IClassFixture<BotFixture>
{
    // Each payload is one word (no white space), so it lands in exactly one argument position.
    static readonly string[] Payloads =
    [
        new string('7', 5_000),
        "USDC" + new string('\u200B', 3_000),
        "\u202Egsu\u202D" + new string('x', 80),
        "ab\0cd\0" + new string('\0', 100),
        "\u0007\u001B[31m\u0085\u2066\u2067\u2068\u2069\u200E\u200F\uFEFF\u2060\u180E",
        "1" + new string('0', 4_000) + "x",
        "0x" + new string('g', 5_000),
        string.Concat(Enumerable.Repeat("😀\u200D", 1_000)),
    ];

    // Every command with a slot for the payload ({0}) in each argument position it parses.
    static readonly string[] Templates =
    [
        "/{0}", "/help {0}", "/help /{0}", "/position {0}", "/markets {0}", "/start {0}",
        "/leverage {0}", "/leverage {0} USDC 100", "/leverage 3x {0} 100", "/leverage 3x USDC {0}", "/leverage 3x USDC/{0} 100", "/leverage 3x {0}/WETH 100",
        "/deleverage {0} USDC", "/deleverage 1x {0}", "/deleverage 1x USDC withdraw {0}", "/deleverage 1x USDC {0}", "/deleverage 1x USDC/WETH withdraw {0}",
        "/short {0} 2x with 1000 USDC", "/short ETH {0} with 1000 USDC", "/short ETH 2x with {0} USDC", "/short ETH 2x with 1000 {0}",
        "/long {0} 2x with USDC 1", "/long ETH 2x with {0} 1", "/long ETH 2x with USDC {0}",
        "/watch {0}", "/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 {0}", "/unwatch {0}", "/wallets {0}", "/alerts {0}",
        "/alert {0} below 1.3", "/alert {0} off", "/snooze {0}", "/link {0}",
        "{0}",
    ];

    [Fact]
    public async Task HostileLines_InEveryCommand_EchoAtMost64CleanCharacters_AndKeepTheExample()
    {
        var checkedReplies = 0;
        foreach (var template in Templates)
        {
            foreach (var payload in Payloads)
            {
                var line = string.Format(CultureInfo.InvariantCulture, template, payload);
                var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);
                var where = $"{template} with payload #{Array.IndexOf(Payloads, payload)}";

                var hidden = Hidden(reply.Text);
                Assert.True(hidden is null, $"{where}: U+{hidden:X4} in the reply");
                Assert.True(LongestEcho(reply.Text, payload) <= UserText.MaxLength, $"{where}: echoes {LongestEcho(reply.Text, payload)} characters of the input");
                Assert.True(reply.Text.Length < 1_500, $"{where}: {reply.Text.Length} characters");
                if (reply.IsError)
                {
                    Assert.Matches(@"\nExample: /[^\n]+$", reply.Text);
                }

                checkedReplies++;
            }
        }

        output.WriteLine($"{checkedReplies} hostile lines, every reply checked");
    }

    [Theory]
    [InlineData("/help {0}")]
    [InlineData("/position {0}")]
    [InlineData("/leverage 3x USDC {0}")]
    public async Task FiveThousandCharacterArgument_EchoIsClipped_AndTheExampleStaysInTheReply(string template)
    {
        var line = string.Format(CultureInfo.InvariantCulture, template, new string('9', 5_000));

        var reply = await fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None);

        output.WriteLine(reply.Text);
        Assert.True(reply.IsError);
        Assert.Contains(new string('9', 10) + "…", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('9', UserText.MaxLength), reply.Text, StringComparison.Ordinal);
        Assert.Matches(@"\nExample: /[^\n]+$", reply.Text);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a\u202Eb", "a\\u202Eb")]
    [InlineData("a\0b", "a\\u0000b")]
    [InlineData("a\u200Bb", "a\\u200Bb")]
    [InlineData("a\n\n\tb", "a b")]
    [InlineData("😀", "😀")]
    public void Echo_ShowsInvisibleCharactersEscaped(string typed, string shown) => Assert.Equal(shown, UserText.Echo(typed));

    [Fact]
    public void Echo_OfALongEscapedText_IsAtMost64Characters_AndNeverCutsAnEscape()
    {
        var echo = UserText.Echo(string.Concat(Enumerable.Repeat("\u202E", 100)));

        Assert.True(echo.Length <= UserText.MaxLength, echo);
        Assert.EndsWith("\\u202E…", echo, StringComparison.Ordinal);
    }

    // The first character a reader could not see (or that reorders the text) in the reply, or null. Emoji (valid surrogate
    // pairs) are visible; a lone surrogate is not.
    static int? Hidden(string reply)
    {
        for (var i = 0; i < reply.Length; i++)
        {
            if (char.IsHighSurrogate(reply[i]) && i + 1 < reply.Length && char.IsLowSurrogate(reply[i + 1]))
            {
                var rune = new System.Text.Rune(reply[i], reply[++i]);
                if (System.Text.Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.PrivateUse)
                {
                    return rune.Value;
                }
            }
            else if (reply[i] != '\n' && UserText.IsHidden(reply[i]))
            {
                return reply[i];
            }
        }

        return null;
    }

    // The longest run of the payload's own characters (raw) found in the reply: what the reply echoes of it.
    static int LongestEcho(string reply, string payload)
    {
        var best = 0;
        for (var length = Math.Min(payload.Length, reply.Length); length > best; length--)
        {
            for (var start = 0; start + length <= payload.Length; start += Math.Max(1, length / 2))
            {
                if (reply.Contains(payload.AsSpan(start, length), StringComparison.Ordinal))
                {
                    return length;
                }
            }
        }

        return best;
    }
}
