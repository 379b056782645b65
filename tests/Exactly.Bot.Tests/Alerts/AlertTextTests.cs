using System.Numerics;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Tests.Alerts;

/// <summary>The alert texts from hand-made positions: block named, labels over addresses, numbers as the replies show them.</summary>
public sealed class AlertTextTests
{
    // 2026-12-03 08:00:00 UTC.
    const long Timestamp = 1_796_284_800;

    // 1 WETH at 3,000 (2,580 adjusted) against 2,041 USDC (2,242.86 adjusted): health factor 1.1503.
    static readonly WalletPosition Position = Positions.Cross(1, 2_041, Timestamp, block: 4242);

    static AlertContext Context(string? label = "Main", AlertFix? fix = null, WalletPosition? position = null)
    {
        var p = position ?? Position;
        return new AlertContext(p, label, AlertThresholds.Default, LiquidationPrices.For(p), AlertText.StalenessNotes(p, TimeSpan.FromHours(1)), fix);
    }

    [Fact]
    public void Entered_Danger_NamesTheBlockItsTimeTheLabelAndTheLiquidationPrices()
    {
        var text = AlertText.Entered(Context(), HealthTier.Danger);

        Assert.StartsWith("Danger: Main is below health factor 1.1.\n", text, StringComparison.Ordinal);
        Assert.Contains("Health factor 1.15 caution\n", text, StringComparison.Ordinal);
        Assert.Contains("Collateral    2580 USD  (risk-adjusted)\n", text, StringComparison.Ordinal);
        Assert.Contains("Debt          2242.86 USD  (risk-adjusted)\n", text, StringComparison.Ordinal);
        Assert.Contains("Liquidation   WETH −13.0 % liquidates  (at 2607.97 USD, now 3000)\n", text, StringComparison.Ordinal);
        Assert.Contains("              USDC +15.0 % liquidates  (at 1.15 USD, now 1)\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Evaluated at block 4242 (2026-12-03 08:00 UTC).", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Positions.Wallet.ToString(), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Entered_WithoutLabel_ShowsAShortAddressOnly()
    {
        var text = AlertText.Entered(Context(label: null), HealthTier.Warning);
        Assert.StartsWith("Warning: 0x90F7…b906 is below health factor 1.25.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entered_HealthJustBelowTheLine_IsRoundedDownNotUpToTheLine()
    {
        // 2,580 / 1.2499 adjusted debt: 1.2499 must show as 1.24, never as the 1.25 it is below.
        var p = Positions.Cross(1, 2_580m / 1.2499m * 0.91m, Timestamp);
        Assert.Contains("Health factor 1.24 caution", AlertText.Entered(Context(position: p), HealthTier.Warning), StringComparison.Ordinal);
    }

    [Fact]
    public void Entered_UsedMarketPaused_SaysTheFixCannotBeSentNow_WithNoLink()
    {
        var refusal = Outcome<FixQuote>.Refuse(new QuoteRefusal(QuoteRefusalReason.MarketPaused, Positions.Usdc), "The USDC market is paused.");
        var text = AlertText.Entered(Context(fix: new AlertFix(refusal)), HealthTier.Danger);
        Assert.Contains("Fix           the USDC market is paused: the fix cannot be sent now\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entered_DeleverageFix_StatesTheRatioTheHealthAfterAndTheLink()
    {
        var fix = new FixQuote(FixKind.Deleverage, Positions.Wallet, Positions.Usdc, Units.Wad * 3 / 2, Units.Wad * 22297 / 10000, 134_030_000,
            Units.Wad * 115 / 100, 1_501_516_280_393_591_932, null, 4242);
        var text = AlertText.Entered(
            Context(fix: new AlertFix(Outcome<FixQuote>.Ok(fix), "http://127.0.0.1:5000/s/abc", DateTimeOffset.FromUnixTimeSeconds(Timestamp + 900))),
            HealthTier.Danger);
        Assert.Contains("Fix           deleverage USDC to 2.23x: health factor 1.5  (target 1.5)\n", text, StringComparison.Ordinal);
        Assert.Contains("Review and sign in your wallet: http://127.0.0.1:5000/s/abc (expires 08:15 UTC)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entered_RepayFix_SaysTheAmountAndThatThePageDoesNotBuildIt()
    {
        var fix = new FixQuote(FixKind.Repay, Positions.Wallet, Positions.Usdc, Units.Wad * 3 / 2, 0, 477_363_637, Units.Wad * 115 / 100, Units.Wad * 3 / 2, null, 4242);
        var text = AlertText.Entered(Context(fix: new AlertFix(Outcome<FixQuote>.Ok(fix))), HealthTier.Liquidatable);
        Assert.StartsWith("Liquidatable: Main can be liquidated now (collateral below debt).", text, StringComparison.Ordinal);
        Assert.Contains("Fix           repay 477.363637 USDC from your wallet: health factor 1.5  (target 1.5)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovered_SaysHowLongItLasted()
    {
        var text = AlertText.Recovered(Context(position: Positions.Cross(1, 1_000, Timestamp)), HealthTier.Danger, (3 * 3600) + (12 * 60) + 5);
        Assert.StartsWith("Recovered: Main is back above health factor 1.25 (danger lasted 3 h 12 min).\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Liquidated_SaysWhatWasRepaidAndSeized()
    {
        var liquidation = new Liquidation(Positions.Wallet, Positions.Usdc.Market, Positions.Usdc, Positions.Weth, 500_000_000, 1_000_000,
            BigInteger.Parse("180000000000000000"), 4241, "0x" + new string('a', 64), 3, false);
        var text = AlertText.Liquidated(Context(), [liquidation]);
        Assert.StartsWith("You were liquidated: Main.\n", text, StringComparison.Ordinal);
        Assert.Contains("Repaid        500 USDC  (block 4241)\n", text, StringComparison.Ordinal);
        Assert.Contains("Seized        0.18 WETH  (tx 0xaaaaaaaa…)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Maturity_Overdue_SaysThePenaltySoFarAndPerDay()
    {
        var maturity = Timestamp - (2 * 86_400);
        var borrow = new FixedBorrow(maturity, 1_000_000_000, 12_345_678);
        var p = Positions.Cross(2, 0, Timestamp, block: 4242, fixedBorrows: [borrow]);
        var (_, reminders) = MaturityRules.Observe(MaturityState.Empty, p);
        var text = AlertText.Maturity(Context(position: p), Assert.Single(reminders));
        Assert.StartsWith("Overdue: Main's fixed USDC borrow of 1012.345678 USDC was due 2026-12-01 08:00 UTC;", text, StringComparison.Ordinal);
        Assert.Contains("Penalty       0.404938 USDC  (accruing 0.202469 USDC per day)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MarketChanged_Paused_IsSaidNotLinked()
    {
        var p = Positions.Cross(1, 2_041, Timestamp, usdcPaused: true);
        var text = AlertText.MarketChanged(Context(position: p), p.Paused[0], MarketChange.Paused);
        Assert.StartsWith("The USDC market is paused: Main cannot repay, deleverage or be liquidated there until it is unpaused. The fix cannot be sent now.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MarketChanged_Unpaused_SaysTheFixCanBeSentAgain()
    {
        var p = Positions.Cross(1, 2_041, Timestamp);
        var usdc = p.Markets.Single(m => m.Market.Symbol == "USDC");
        var text = AlertText.MarketChanged(Context(position: p), usdc, MarketChange.Unpaused);
        Assert.StartsWith("The USDC market is unpaused: Main can repay and deleverage there again, and a fix can be sent now.\n", text, StringComparison.Ordinal);
        Assert.EndsWith(")." , text, StringComparison.Ordinal);
    }

    [Fact]
    public void StalenessNotes_FeedOlderThanAllowed_IsNoted()
    {
        var p = Positions.Cross(1, 2_041, Timestamp, wethUpdatedAt: Timestamp - (3 * 3600) - 300);
        var note = Assert.Single(AlertText.StalenessNotes(p, TimeSpan.FromHours(1)));
        Assert.Equal("The WETH price was last updated 3 h 5 min before this block (allowed: 1 h); it may be stale.", note);
        Assert.Contains(note, AlertText.Entered(Context(position: p), HealthTier.Danger), StringComparison.Ordinal);
        Assert.Empty(AlertText.StalenessNotes(p, TimeSpan.FromHours(4)));
    }
}
