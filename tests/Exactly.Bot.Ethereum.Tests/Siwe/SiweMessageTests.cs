using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Siwe;
using Exactly.Bot.Ethereum.Tests.CrossCheck;

namespace Exactly.Bot.Ethereum.Tests.Siwe;

/// <summary>EIP-4361 text: ours against viem/siwe's createSiweMessage and parseSiweMessage on seeded random messages.</summary>
public sealed class SiweMessageTests
{
    [Fact]
    public async Task ToString_200RandomMessages_EqualsViemsText_AndParsesBackToTheSameFields()
    {
        var random = new Random(4361);
        var messages = Enumerable.Range(0, 200).Select(_ => RandomMessage(random)).ToArray();
        var input = new JsonArray(messages.Select(m => (JsonNode?)ToJson(m)).ToArray());

        var reference = (await Viem.RunScriptAsync(Path.Combine("Siwe", "siwe-vectors.cjs"), input)).AsArray();

        for (var i = 0; i < messages.Length; i++)
        {
            var text = reference[i]!["text"]!.GetValue<string>();
            Assert.Equal(text, messages[i].ToString());
            Assert.True(SiweMessage.TryParse(text, out var parsed, out var error), error);
            Assert.Equal(messages[i].ToString(), parsed!.ToString());
            Assert.Equal(messages[i].Resources, parsed.Resources);
            var viemParsed = reference[i]!["parsed"]!;
            Assert.Equal(viemParsed["address"]!.GetValue<string>(), parsed.Address.ToString());
            Assert.Equal(viemParsed["nonce"]!.GetValue<string>(), parsed.Nonce);
            Assert.Equal(viemParsed["chainId"]!.GetValue<long>(), parsed.ChainId);
            Assert.Equal(viemParsed["issuedAt"]!.GetValue<long>(), parsed.IssuedAt.ToUnixTimeMilliseconds());
            Assert.Equal(viemParsed["expirationTime"]?.GetValue<long>(), parsed.ExpirationTime?.ToUnixTimeMilliseconds());
            Assert.Equal(viemParsed["statement"]?.GetValue<string>(), parsed.Statement);
        }
    }

    [Theory]
    [InlineData("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")] // lower-case address: not what a wallet shows
    [InlineData(null)]
    public void TryParse_NonCanonicalOrGarbage_IsRefused(string? address)
    {
        var good = new SiweMessage("bot.example.com", Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), "Link", "https://bot.example.com/l/1", 10, "abcdefgh12", DateTimeOffset.UnixEpoch, null).ToString();
        var text = address is null ? good.Replace("Version: 1", "Version: 2", StringComparison.Ordinal) : good.Replace("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", address, StringComparison.Ordinal);

        Assert.True(SiweMessage.TryParse(good, out _, out _));
        Assert.False(SiweMessage.TryParse(text, out _, out _));
        Assert.False(SiweMessage.TryParse(good + "\n", out _, out _));
        Assert.False(SiweMessage.TryParse("hello", out _, out _));
    }

    [Fact]
    public void ToString_StatementWithALineBreak_Throws()
    {
        var message = new SiweMessage("bot.example.com", Address.Zero, "two\nlines", "https://bot.example.com/", 10, "abcdefgh12", DateTimeOffset.UnixEpoch, null);

        Assert.Throws<FormatException>(() => message.ToString());
    }

    static SiweMessage RandomMessage(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        var host = random.Next(3) switch { 0 => "127.0.0.1:" + random.Next(1024, 65535), 1 => "localhost:" + random.Next(1024, 65535), _ => $"bot{random.Next(100)}.example.com" };
        var scheme = host.StartsWith("bot", StringComparison.Ordinal) ? "https" : "http";
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + random.NextInt64(100_000_000_000));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new SiweMessage(
            host,
            new Address(bytes),
            random.Next(2) == 0 ? null : "Link this wallet to your chat account " + random.Next(),
            $"{scheme}://{host}/link/{random.Next()}",
            random.Next(2) == 0 ? 10 : random.Next(1, 100_000),
            new string(Enumerable.Range(0, random.Next(8, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()),
            issued,
            random.Next(3) == 0 ? null : issued.AddMilliseconds(random.Next(1, 600_000)))
        {
            NotBefore = random.Next(3) == 0 ? issued : null,
            RequestId = random.Next(3) == 0 ? "req" + random.Next() : null,
            Resources = random.Next(3) == 0 ? [$"https://example.com/{random.Next()}", "ipfs://bafybeigdyrzt"] : [],
        };
    }

    static JsonObject ToJson(SiweMessage m)
    {
        var json = new JsonObject
        {
            ["domain"] = m.Domain,
            ["address"] = m.Address.ToString(),
            ["uri"] = m.Uri,
            ["chainId"] = m.ChainId,
            ["nonce"] = m.Nonce,
            ["issuedAt"] = m.IssuedAt.ToUnixTimeMilliseconds(),
        };
        if (m.Statement is not null)
            json["statement"] = m.Statement;
        if (m.ExpirationTime is { } e)
            json["expirationTime"] = e.ToUnixTimeMilliseconds();
        if (m.NotBefore is { } n)
            json["notBefore"] = n.ToUnixTimeMilliseconds();
        if (m.RequestId is not null)
            json["requestId"] = m.RequestId;
        if (m.Resources.Count > 0)
            json["resources"] = new JsonArray(m.Resources.Select(r => (JsonNode?)r).ToArray());
        return json;
    }
}
