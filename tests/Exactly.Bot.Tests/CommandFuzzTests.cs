using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// 100,000 random and mutated command lines through the one dispatcher (seeded, so a failure replays): no exception
/// escapes, every reply is non-empty and fits Telegram's 4,096 characters. Most mutations fail at parse level and never
/// touch the chain; the few that still parse are real quotes against the devnet.
/// </summary>
public sealed class CommandFuzzTests(BotFixture fixture, ITestOutputHelper output) : IClassFixture<BotFixture>
{
    static readonly string[] Seeds =
    [
        "/leverage 3x USDC 100", "/leverage 2x USDC/WETH 1000", "/short ETH 2x with 1000 USDC", "/long wstETH 3x with WETH",
        "/deleverage 1x USDC withdraw all", "/deleverage 2x USDC/WETH withdraw 10", "/markets", "/position", "/help leverage",
        "/start", "/position 0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "/leverage x3 eth 0.5", "/deleverage 1 usdc max",
    ];

    static readonly string[] Words =
    [
        "x", "3x", "0x", "-1", "1e18", "99999999999999999999999999999", "0.0000001", "1,000.5", "all", "max", "withdraw", "with",
        "USDC", "WETH", "ETH", "wstETH", "DOGE", "/", "USDC/", "/WETH", "USDC/WETH/USDC", "@ExactlyBot", "\u202e", "😀", "\0", "​",
        "0x0000000000000000000000000000000000000000", "NaN", "∞", "٣", "3.0X", "x3.5", "..", "1_000", new string('9', 200),
    ];

    [Fact]
    public async Task HundredThousandMutatedLines_NeverThrow_AndEveryReplyFits()
    {
        var random = new Random(20_26_11_21);
        var watch = Stopwatch.StartNew();
        var lines = Enumerable.Range(0, 100_000).Select(i => Line(random, i)).ToArray();
        var errors = 0;
        foreach (var chunk in lines.Chunk(64))
        {
            var replies = await Task.WhenAll(chunk.Select(line => fixture.Bot.HandleAsync(BotFixture.FromStranger(line), CancellationToken.None)));
            for (var i = 0; i < replies.Length; i++)
            {
                var text = replies[i].Text;
                Assert.False(string.IsNullOrWhiteSpace(text), $"empty reply to {Escape(chunk[i])}");
                Assert.True(text.Length <= 4096, $"{text.Length} characters in the reply to {Escape(chunk[i])}");
                errors += replies[i].IsError ? 1 : 0;
            }
        }

        output.WriteLine($"100,000 lines in {watch.Elapsed.TotalSeconds:0.0} s; {errors} error replies, {100_000 - errors} answers");
    }

    static string Line(Random random, int i) => (i % 100) switch
    {
        0 => Seeds[random.Next(Seeds.Length)],                         // 1 %: a real command (a chain read)
        < 40 => Mutate(random, Seeds[random.Next(Seeds.Length)], 1 + random.Next(4)),
        < 80 => "/" + string.Join(' ', Enumerable.Range(0, random.Next(8)).Select(_ => Words[random.Next(Words.Length)])),
        < 95 => RandomText(random, random.Next(64)),
        _ => RandomText(random, 1 + random.Next(20_000)),                // longer than any transport allows
    };

    static string Mutate(Random random, string seed, int edits)
    {
        var text = new StringBuilder(seed);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, (char)random.Next(32, 0x3000)); break;
                case 2: text[at] = (char)random.Next(32, 127); break;
                default: text.Insert(at, " " + Words[random.Next(Words.Length)] + " "); break;
            }
        }

        return text.ToString();
    }

    static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length + 1).Append(random.Next(2) == 0 ? "/" : string.Empty);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0, 0xD7FF));
        }

        return text.ToString();
    }

    static string Escape(string line) => line.Length > 80 ? line[..80] + "…" : line;
}
