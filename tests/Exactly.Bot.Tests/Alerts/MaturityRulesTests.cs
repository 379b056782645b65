using Exactly.Bot.Alerts;
using Exactly.Bot.Protocol.Positions;
using Microsoft.Extensions.Time.Testing;

namespace Exactly.Bot.Tests.Alerts;

/// <summary>Maturity reminders on block timestamps taken from a fake clock: 24 h, 1 h, overdue, each once per borrow.</summary>
public sealed class MaturityRulesTests
{
    static readonly long Maturity = 1_800_000_000 - (1_800_000_000 % FixedBorrow.Interval);
    readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(Maturity) - TimeSpan.FromDays(3));
    readonly FixedBorrow borrow = new(Maturity, 1_000_000_000, 12_345_678);
    MaturityState state = MaturityState.Empty;
    long block = 100;

    [Fact]
    public void Borrow_WatchedFromThreeDaysBefore_RemindsAt24hAnd1hThenOverdueOnce()
    {
        var sent = new List<string>();
        foreach (var step in new[] { 1.0, 0.5, 0.5, 0.9, 0.05, 0.04, 0.02, 0.0, 0.5, 1.0 }.Select(TimeSpan.FromDays))
        {
            clock.Advance(step);
            sent.AddRange(Read().Select(r => $"{r.Stage} {(DateTimeOffset.FromUnixTimeSeconds(Maturity) - clock.GetUtcNow()).TotalHours:0.#}h"));
        }

        Assert.Equal(["DueIn24Hours 24h", "DueIn1Hour 0.2h", "Overdue -0.2h"], sent);
    }

    [Fact]
    public void Borrow_FirstSeenTenMinutesBefore_OnlyTheOneHourReminder()
    {
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Maturity - 600));
        Assert.Equal([MaturityStage.DueIn1Hour], Read().Select(r => r.Stage));
        Assert.Empty(Read());
    }

    [Fact]
    public void Overdue_StrictlyAfterTheMaturity_PenaltyAccruesPerDay()
    {
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Maturity));
        Assert.Equal(MaturityStage.DueIn1Hour, Assert.Single(Read()).Stage); // at the maturity second: no penalty yet
        clock.Advance(TimeSpan.FromDays(2));
        var overdue = Assert.Single(Read());
        Assert.Equal(MaturityStage.Overdue, overdue.Stage);
        Assert.Equal(-2 * 86_400, overdue.SecondsLeft);
        // owed · rate · seconds / 1e18, floored: 1,012.345678 USDC at ~0.02 %/day.
        Assert.Equal(borrow.Owed * (2 * 86_400 * Positions.PenaltyRate) / Ethereum.Units.Wad, overdue.PenaltySoFar);
        Assert.Equal(borrow.Owed * (86_400 * Positions.PenaltyRate) / Ethereum.Units.Wad, overdue.PenaltyPerDay);
        Assert.Equal(202_469, overdue.PenaltyPerDay); // 0.202469 USDC a day
    }

    [Fact]
    public void Repaid_ThenBorrowedAgainAtTheSameMaturity_RemindsAgain()
    {
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Maturity - 7_200));
        Assert.Single(Read());
        Assert.Empty(Read(withBorrow: false));
        Assert.Empty(state.Sent);
        Assert.Single(Read());
    }

    [Fact]
    public void State_EncodedAndDecoded_KeepsWhatWasSent()
    {
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Maturity - 7_200));
        Read();
        var text = state.Encode();
        Assert.Equal($"{Positions.Usdc.Market.ToLowerHex()}:{Maturity}:1", text);
        state = MaturityState.Decode(text);
        Assert.Empty(Read());
        Assert.Throws<FormatException>(() => MaturityState.Decode("nonsense"));
        Assert.Same(MaturityState.Empty, MaturityState.Decode(""));
    }

    private IReadOnlyList<MaturityReminder> Read(bool withBorrow = true)
    {
        var position = Positions.Cross(2, 0, clock.GetUtcNow().ToUnixTimeSeconds(), block++, fixedBorrows: withBorrow ? [borrow] : []);
        (state, var reminders) = MaturityRules.Observe(state, position);
        return reminders;
    }
}
