using Exactly.Bot.FakePlatforms;
using Xunit.Abstractions;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Short versions of scripts/crash-test.sh (200 runs) and scripts/burst.sh (10,000 messages).</summary>
public sealed class CrashAndBurstTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KilledWithSigkillAtRandomPoints_EveryUpdateHasExactlyOneEffect_AndNoneIsLost()
    {
        var report = await CrashHarness.RunAsync(BotProcess.DefaultDll(), runs: 6, seed: Environment.TickCount, TextWriter.Null, CancellationToken.None);
        output.WriteLine(report.ToString());

        Assert.True(report.Updates >= 6);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.UpdatesWithoutExactlyOneEffect);
        Assert.Equal(0, report.Violations);
        // A repeat delivery is only possible for a row that was being sent when the process died (see OutboxWorker), and
        // an edit repeated is not a second message.
        Assert.True(report.DuplicateDeliveries <= report.ResentAfterCrash - report.ResentEdits, report.ToString());
    }

    [Fact]
    public async Task Burst_AllDelivered_No429_RepliesBeforeNotices()
    {
        var report = await BurstHarness.RunAsync(messages: 240, chats: 60, TextWriter.Null, CancellationToken.None);
        output.WriteLine(report.ToString());

        Assert.Equal(240, report.Delivered);
        Assert.Equal(0, report.TooManyRequests);
        Assert.Equal(0, report.Violations);
        Assert.True(report.RepliesFirst);
    }
}
