using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>
/// Everything an alert says about one wallet, read at one block (every read pinned to <see cref="Block"/>'s hash):
/// per listed market the position and the market's facts, and the risk-adjusted totals, which equal
/// <c>Auditor.accountLiquidity(account, 0, 0)</c> at that block to the wei (same per-market rounding).
/// </summary>
/// <param name="Account">The wallet.</param>
/// <param name="Block">The block it was read at.</param>
/// <param name="EnteredMarkets">The <c>accountMarkets</c> bitmap.</param>
/// <param name="Markets">Every listed market in the Auditor's order (use <see cref="Used"/> for the ones with a position).</param>
public sealed record WalletPosition(Address Account, BlockHeader Block, BigInteger EnteredMarkets, IReadOnlyList<MarketPosition> Markets)
{
    /// <summary>Risk-adjusted collateral (<c>sumCollateral</c>), USD WAD.</summary>
    public BigInteger Collateral => Markets.Aggregate(BigInteger.Zero, (sum, m) => sum + m.AdjustedCollateral);

    /// <summary>Risk-adjusted debt (<c>sumDebtPlusEffects</c>), USD WAD.</summary>
    public BigInteger Debt => Markets.Aggregate(BigInteger.Zero, (sum, m) => sum + m.AdjustedDebt);

    /// <summary>Health factor, WAD (floor of collateral · 1e18 / debt); null without debt.</summary>
    public BigInteger? HealthFactor => Health.HealthFactor.Of(Collateral, Debt);

    /// <summary>True when anyone may liquidate the wallet: collateral &lt; debt.</summary>
    public bool Liquidatable => Collateral < Debt;

    /// <summary>The markets the wallet has a position in (deposit, debt or entered).</summary>
    public IReadOnlyList<MarketPosition> Used => Markets.Where(m => m.Used).ToArray();

    /// <summary>Used markets that are paused: a repay or deleverage there reverts.</summary>
    public IReadOnlyList<MarketPosition> Paused => Markets.Where(m => m.Used && m.Paused).ToArray();
}
