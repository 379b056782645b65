using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Quotes the fix an alert links: a same-asset deleverage (through <see cref="DeleverageQuoter"/>, the math the
/// chat's deleverage command and the signing page use) to the highest ratio whose health factor reaches the target, or —
/// where no same-asset deleverage can (cross-asset debt, fixed borrows, a market without its own deposit) — a repay from the
/// wallet of the smallest amount that does. Refuses (typed) when a used market is paused, since every fix would revert.
/// Aims <see cref="AimBasisPoints"/> above the target so the interest accrued until the transaction is mined cannot leave
/// the wallet below it.
/// </summary>
public sealed class FixQuoter(DeleverageQuoter deleverage)
{
    /// <summary>The default target health factor: 1.5 (WAD).</summary>
    public static readonly BigInteger DefaultTarget = Units.Wad * 3 / 2;

    /// <summary>Head-room over the target, basis points (0.1 %: hours of interest at any usual rate).</summary>
    public const int AimBasisPoints = 10;

    /// <summary>Quotes the fix for <paramref name="position"/> (read by <see cref="PositionReader"/>).</summary>
    /// <param name="position">The wallet at the evaluated block.</param>
    /// <param name="target">The health factor to reach, WAD, above 1 (default <see cref="DefaultTarget"/>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The fix; or a refusal: <see cref="QuoteRefusalReason.MarketPaused"/>, <see cref="QuoteRefusalReason.AlreadyAtTarget"/>,
    /// or the deleverage quoter's own.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target of 1 or below (the caller validates user input).</exception>
    /// <exception cref="Ethereum.Rpc.RpcException">The node could not answer.</exception>
    public async Task<Outcome<FixQuote>> QuoteAsync(WalletPosition position, BigInteger? target = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);
        var goal = target ?? DefaultTarget;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(goal, Units.Wad, nameof(target));
        if (position.Paused is [var paused, ..])
        {
            return Outcome<FixQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.MarketPaused, paused.Market),
                $"The {paused.Market.Symbol} market is paused: no repay or deleverage can be sent until it is unpaused.");
        }

        var now = position.HealthFactor;
        var worst = position.Used.OrderByDescending(m => m.AdjustedDebt).FirstOrDefault() ?? position.Markets[0];
        if (now is null || now >= goal)
        {
            return Outcome<FixQuote>.Refuse(
                new QuoteRefusal(QuoteRefusalReason.AlreadyAtTarget, worst.Market, goal, now ?? BigInteger.Zero),
                "This wallet's health factor is already at or above the target: there is nothing to fix.");
        }

        var aim = goal * (10_000 + AimBasisPoints) / 10_000;
        foreach (var m in position.Used.Where(Deleverageable).OrderByDescending(m => m.AdjustedDebt))
        {
            if (FixMath.RatioFor(position, m, aim) is not { } ratio)
            {
                continue;
            }

            return await DeleverageAsync(position, m, goal, ratio, cancellationToken).ConfigureAwait(false);
        }

        var repaid = position.Used.Where(m => !m.FloatingDebt.IsZero).OrderByDescending(m => m.AdjustedDebt).FirstOrDefault() ?? worst;
        var (assets, after) = FixMath.RepayFor(position, repaid, aim);
        return Outcome<FixQuote>.Ok(new FixQuote(FixKind.Repay, position.Account, repaid.Market, goal, BigInteger.Zero, assets, now, after, null, position.Block.Number));
    }

    private async Task<Outcome<FixQuote>> DeleverageAsync(WalletPosition position, MarketPosition m, BigInteger goal, BigInteger ratio, CancellationToken cancellationToken)
    {
        // The quoter reads the chain again (later block, previewDeleverage's own rounding): step the ratio down until its
        // health factor after is at the target, at most a few times.
        Outcome<DeleverageQuote>? outcome = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            outcome = await deleverage.QuoteAsync(new DeleverageRequest(position.Account, m.Market, ratio, BigInteger.Zero, WithdrawAll: false), cancellationToken)
                .ConfigureAwait(false);
            if (!outcome.IsSuccess)
            {
                return Outcome<FixQuote>.Refuse(outcome.Refusal!, outcome.Error!);
            }

            var q = outcome.Value!;
            if (q.HealthFactorAfter is null || q.HealthFactorAfter >= goal)
            {
                return Outcome<FixQuote>.Ok(new FixQuote(
                    FixKind.Deleverage, position.Account, m.Market, goal, q.Ratio, q.Repay, q.HealthFactorBefore, q.HealthFactorAfter, q, q.Block));
            }

            ratio = Units.Wad + ((ratio - Units.Wad) * 99 / 100);
        }

        var last = outcome!.Value!;
        return Outcome<FixQuote>.Ok(new FixQuote(
            FixKind.Deleverage, position.Account, m.Market, goal, last.Ratio, last.Repay, last.HealthFactorBefore, last.HealthFactorAfter, last, last.Block));
    }

    // Same asset deposited and borrowed, floating only (the DebtManager repays floating debt), with principal left.
    private static bool Deleverageable(MarketPosition m) =>
        m.Entered && !m.FloatingDebt.IsZero && m.Deposit > m.Debt && m.FixedBorrows.All(b => b.Owed.IsZero);
}
