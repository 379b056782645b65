using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// The leverage quote's net APR comes from Previewer.exactly read in the quote's own Multicall (one round trip, which
/// QuoteLatencyTests asserts): at 1x it is the deposit rate, and at 3x it is 3 × deposit − 2 × borrow, to the wei.
/// </summary>
public sealed class NetAprTests(QuoteFixture fixture) : IClassFixture<QuoteFixture>
{
    [Fact]
    public async Task NetApr_At1xIsTheDepositRate_At3xIsThreeDepositsLessTwoBorrows()
    {
        var usdc = await fixture.MarketAsync("USDC");
        var fresh = Address.Parse("0x00000000000000000000000000000000000b0b01");
        var amount = 100 * BigInteger.Pow(10, 6);

        var flat = (await fixture.Leverage.QuoteAsync(fresh, usdc, amount, Units.Wad)).Value!;
        var levered = (await fixture.Leverage.QuoteAsync(fresh, usdc, amount, 3 * Units.Wad)).Value!;

        var rates = Assert.IsType<Markets.MarketSnapshot>(levered.Rates);
        var deposit = rates.DepositApr + rates.DepositRewardsApr;
        var borrow = rates.BorrowApr - rates.BorrowRewardsApr;
        Assert.True(rates.BorrowApr > 0, "the devnet's interest rate model charges a floating borrow rate");
        Assert.Equal(deposit, flat.NetApr);
        Assert.Equal((3 * deposit) - (2 * borrow), levered.NetApr);
        Assert.True(levered.NetApr < flat.NetApr, "borrowing at a rate above the deposit rate lowers the return on principal");
    }
}
