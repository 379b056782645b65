using System.Numerics;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// <c>Auditor.accountLiquidity(account, 0, 0)</c> computed from an <see cref="AccountBook"/> and one block's
/// <see cref="MarketState"/>s, step by step as the contracts do it (HEALTH.md): per entered market,
/// collateral = mulWadDown(mulDivDown(convertToAssets(s), P, u), AF) and
/// debt = divWadUp(mulDivUp(previewDebt, P, u), AF), each product 256-bit with overflow meaning "cannot evaluate".
/// </summary>
public static partial class LocalLiquidity
{
    /// <summary>
    /// The account's (collateral, debt) at the block the states were read at (<paramref name="timestamp"/> is its
    /// <c>block.timestamp</c>), or null where <c>accountLiquidity</c> would revert (an overflow, a reverted price, a market
    /// whose state is missing).
    /// </summary>
    public static (BigInteger Collateral, BigInteger Debt)? Evaluate(
        AccountBook book, int id, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp) =>
        Evaluate(book, id, new LocalLiquidityTerms(markets, states, timestamp));

    /// <summary>
    /// As <see cref="Evaluate(AccountBook, int, IReadOnlyList{ListedMarket}, IReadOnlyList{MarketState}, long)"/> with the
    /// block's terms prepared once (<see cref="LocalLiquidityTerms"/>): UInt128 arithmetic, and the BigInteger steps only for
    /// an account where a value leaves 128 bits (same results: LocalLiquidityTests).
    /// </summary>
    public static (BigInteger Collateral, BigInteger Debt)? Evaluate(AccountBook book, int id, LocalLiquidityTerms terms)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(terms);
        return TryEvaluate(book, id, terms, out var collateral, out var debt) switch
        {
            Outcome.Value => ((BigInteger)collateral, (BigInteger)debt),
            Outcome.CannotEvaluate => null,
            _ => EvaluateWide(book, id, terms.Markets, terms.States, terms.Timestamp),
        };
    }

    /// <summary>The BigInteger steps (the reference the UInt128 path must equal; also its fallback).</summary>
    public static (BigInteger Collateral, BigInteger Debt)? EvaluateWide(
        AccountBook book, int id, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(states);
        BigInteger? collateral = BigInteger.Zero, debt = BigInteger.Zero;
        var map = book.Entered(id);
        for (var i = 0; map != 0; map >>= 1, i++)
        {
            if ((map & 1) == 0)
            {
                continue;
            }

            if (i >= markets.Count || i >= states.Count || states[i] is not { Price: { } price } state)
            {
                return null;
            }

            var market = markets[i];
            var assets = ConvertToAssets(book.Shares(i, id), state);
            var owed = PreviewDebt(book, i, id, state, timestamp);
            if (assets is null || owed is null)
            {
                return null;
            }

            collateral = ExactMath.Add(collateral, ExactMath.MulDivDown(assets.Value, price, market.BaseUnit) is { } c ? ExactMath.MulWadDown(c, market.AdjustFactor) : null);
            debt = ExactMath.Add(debt, ExactMath.MulDivUp(owed.Value, price, market.BaseUnit) is { } d ? ExactMath.DivWadUp(d, market.AdjustFactor) : null);
            if (collateral is null || debt is null)
            {
                return null;
            }
        }

        return (collateral!.Value, debt!.Value);
    }

    /// <summary>solmate ERC4626 <c>convertToAssets</c>: supply 0 ? shares : mulDivDown(shares, totalAssets, supply).</summary>
    public static BigInteger? ConvertToAssets(UInt128 shares, MarketState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.TotalSupply.IsZero ? (BigInteger)shares : ExactMath.MulDivDown(shares, state.TotalAssets, state.TotalSupply);
    }

    /// <summary>
    /// <c>Market.previewDebt</c>: every fixed borrow (principal + fee) plus, past its maturity (strictly), the linear penalty
    /// floored per maturity; then floating shares at <c>previewRefund</c> (supply 0 ? shares : mulDivUp(shares, TFBA, TFBS)).
    /// </summary>
    public static BigInteger? PreviewDebt(AccountBook book, int market, int id, MarketState state, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(state);
        BigInteger? debt = BigInteger.Zero;
        if (book.FixedBorrows(market, id) is { } positions)
        {
            foreach (var (maturity, value) in positions)
            {
                debt = ExactMath.Add(debt, value);
                if (timestamp > maturity)
                {
                    var rate = (timestamp - maturity) * state.PenaltyRate;
                    debt = rate > ExactMath.MaxUint256 ? null : ExactMath.Add(debt, ExactMath.MulWadDown(value, rate));
                }
            }
        }

        var shares = book.BorrowShares(market, id);
        if (shares != UInt128.Zero)
        {
            debt = ExactMath.Add(debt, state.TotalFloatingBorrowShares.IsZero
                ? shares
                : ExactMath.MulDivUp(shares, state.TotalFloatingBorrowAssets, state.TotalFloatingBorrowShares));
        }

        return debt;
    }
}
