using System.Globalization;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Signing;

namespace Exactly.Bot.Tests;

/// <summary>The page's re-quote may move at most 1 % on deposit or borrow and 0.02 down on the health factor; beyond, it refuses.</summary>
public sealed class QuoteToleranceTests
{
    private static readonly QuoteSnapshot Chat = new(
        "leverage", "0x0000000000000000000000000000000000000001", "USDC", 6, "0x0000000000000000000000000000000000000002",
        "100000000", "3000000000000000000", "300000000", "200000000", "1240000000000000000", "5310000000000000000", 53);

    [Theory]
    [InlineData(300_000_000, 200_000_000, "1.24", "")]
    [InlineData(303_000_000, 198_000_000, "1.22", "")] // exactly 1 % and exactly 0.02: still the chat's quote
    [InlineData(303_000_001, 200_000_000, "1.24", "deposit")]
    [InlineData(300_000_000, 202_000_001, "1.24", "borrow")]
    [InlineData(300_000_000, 200_000_000, "1.2199", "health factor")]
    [InlineData(300_000_000, 200_000_000, null, "")] // no debt is never a drop
    [InlineData(240_000_000, 160_000_000, "1.10", "deposit, borrow, health factor")]
    public void Exceeded_NamesWhatMovedBeyondTheTolerance(long deposit, long borrow, string? healthFactor, string expected)
    {
        BigInteger? hf = null;
        if (healthFactor is not null)
        {
            Assert.True(Units.TryParse(healthFactor, 18, out var parsed, out var error), error);
            hf = parsed;
        }

        Assert.Equal(expected, string.Join(", ", QuoteTolerance.Exceeded(Chat, deposit, borrow, hf)));
    }

    [Fact]
    public void Exceeded_AnyDebtWhereTheChatShowedNone_IsAHealthFactorDrop()
    {
        var noDebt = Chat with { BorrowAfter = "0", HealthFactorAfter = null };
        Assert.Equal(["borrow", "health factor"], QuoteTolerance.Exceeded(noDebt, 300_000_000, 1, BigInteger.Parse("900000000000000000000", CultureInfo.InvariantCulture)));
    }
}
