using System.Diagnostics;
using System.Globalization;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Exactly.Bot.Telegram;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The outcome of a burst.</summary>
public sealed record BurstReport(
    int Messages, int Chats, int Delivered, int TooManyRequests, int Violations, bool RepliesFirst, double MessagesPerSecond, double Limit, TimeSpan Elapsed, int DeadLettered = 0)
{
    public double ShareOfLimit => MessagesPerSecond / Limit;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"burst: {Delivered}/{Messages} delivered across {Chats} chats in {Elapsed.TotalSeconds:0.0}s; {MessagesPerSecond:0.00} msg/s = {ShareOfLimit:P1} of the {Limit}/s limit; " +
        $"429s {TooManyRequests}; rule violations {Violations}; rows dead-lettered {DeadLettered}; every reply before every notice: {RepliesFirst}");
}

/// <summary>
/// Queues <c>messages</c> outbound messages across <c>chats</c> chats (one reply per chat, the rest notices queued before
/// the replies; a tenth of the chats are groups) into a bot wired to the fake Telegram at its real limits, and measures
/// delivery: all delivered, no 429, replies first, throughput against the global limit.
/// </summary>
public static class BurstHarness
{
    public static async Task<int> MainAsync(string[] args)
    {
        var messages = Option(args, "--messages", 10_000);
        var chats = Option(args, "--chats", 2_000);
        var report = await RunAsync(messages, chats, System.Console.Out, CancellationToken.None);
        System.Console.WriteLine(report);
        return report.Delivered == messages && report.TooManyRequests == 0 && report.RepliesFirst && report.ShareOfLimit >= 0.9 ? 0 : 1;
    }

    public static async Task<BurstReport> RunAsync(int messages, int chats, TextWriter log, CancellationToken cancellationToken)
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var db = TempDatabase.NewPath("burst");
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Chain:ChainId"] = "10",
            ["Chain:RpcUrls:0"] = "http://127.0.0.1:9/",
            ["Storage:Path"] = db,
            ["Telegram:Token"] = fake.Token,
            ["Telegram:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Telegram:BotUsername"] = fake.Options.BotUsername,
        };
        var ids = Enumerable.Range(0, chats).Select(i => i % 10 == 9 ? -(100_000L + i) : 100_000L + i).ToArray();
        foreach (var id in ids.Where(i => i > 0))
        {
            fake.StartedBy(id);
        }

        await using var app = BotApplication.Build([], settings, console: null);
        var unitOfWork = app.Services.GetRequiredService<UnitOfWork>();
        var renderer = app.Services.GetRequiredService<TelegramRenderer>();
        var notices = messages - chats;
        var rows = new List<OutboxMessage>(messages);
        for (var i = 0; i < notices; i++)
        {
            rows.AddRange(renderer.Render(ids[i % chats], null, Reply.Plain($"notice {i}"), OutboxPriority.Notice, null));
        }

        for (var i = 0; i < chats; i++)
        {
            rows.AddRange(renderer.Render(ids[i], null, Reply.Plain($"reply {i}"), OutboxPriority.Reply, null));
        }

        await unitOfWork.RunAsync(tx => tx.Enqueue("telegram", rows), cancellationToken);
        var watch = Stopwatch.StartNew();
        await app.StartAsync(cancellationToken);
        var lastLog = 0L;
        while (fake.SentSnapshot().Length < messages && fake.ViolationsSnapshot().Length == 0)
        {
            await Task.Delay(500, cancellationToken);
            if (watch.ElapsedMilliseconds - lastLog > 15_000)
            {
                lastLog = watch.ElapsedMilliseconds;
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:0}s: {fake.SentSnapshot().Length}/{messages} delivered, 429s {fake.TooManyRequests}"));
            }
        }

        var elapsed = watch.Elapsed;
        await app.StopAsync(CancellationToken.None);
        var sent = fake.SentSnapshot();
        var lastReply = sent.Select((s, i) => (s, i)).Where(p => p.s.Text.StartsWith("reply", StringComparison.Ordinal)).Select(p => p.i).DefaultIfEmpty(-1).Max();
        var firstNotice = sent.Select((s, i) => (s, i)).Where(p => p.s.Text.StartsWith("notice", StringComparison.Ordinal)).Select(p => p.i).DefaultIfEmpty(int.MaxValue).Min();
        var span = sent.Length > 1 ? (sent[^1].AtMs - sent[0].AtMs) / 1000.0 : 1;
        int dead;
        await using (var connection = app.Services.GetRequiredService<Exactly.Bot.Storage.Database>().Open())
        {
            dead = Dapper.SqlMapper.ExecuteScalar<int>(connection, "SELECT COUNT(*) FROM outbox WHERE status = 'dead'");
        }

        TempDatabase.Delete(db);

        return new BurstReport(messages, chats, sent.Length, fake.TooManyRequests, fake.ViolationsSnapshot().Length, lastReply < firstNotice, (sent.Length - 1) / span, fake.Options.GlobalPerSecond, elapsed, dead);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
