using Exactly.Bot.Alerts;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Tests.Alerts;

/// <summary>Which pause and freeze changes a market's users are told about, against what they were last told.</summary>
public sealed class MarketNoticeStateTests
{
    [Fact]
    public void ChangesTo_AMarketWithoutAFreeze_IsNeverFrozenOrUnfrozen()
    {
        Assert.Empty(MarketNoticeState.Normal.ChangesTo(new MarketStatus(Positions.Usdc, false, null)));
        Assert.Equal([MarketChange.Paused], MarketNoticeState.Normal.ChangesTo(new MarketStatus(Positions.Usdc, true, null)));
        Assert.Equal([MarketChange.Unpaused], new MarketNoticeState(true, false).ChangesTo(new MarketStatus(Positions.Usdc, false, null)));
    }

    [Fact]
    public void ChangesTo_PausedAndFrozenAtOnce_ThenBothLifted_TwoChangesEachWay()
    {
        var halted = new MarketStatus(Positions.Usdc, true, true);
        Assert.Equal([MarketChange.Paused, MarketChange.Frozen], MarketNoticeState.Normal.ChangesTo(halted));
        Assert.Empty(new MarketNoticeState(true, true).ChangesTo(halted));
        Assert.Equal([MarketChange.Unpaused, MarketChange.Unfrozen], new MarketNoticeState(true, true).ChangesTo(new MarketStatus(Positions.Usdc, false, false)));
    }
}
