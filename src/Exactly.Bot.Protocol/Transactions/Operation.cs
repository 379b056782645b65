using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// What the user asked for, in contract terms. Amounts in the asset's decimals, ratio WAD (3e18 = 3x).
/// </summary>
/// <param name="Kind">Leverage or deleverage.</param>
/// <param name="Market">A market from <see cref="MarketCatalogue"/> (the configured Auditor's).</param>
/// <param name="Account">The acting account (the permits' owner, the transaction's sender).</param>
/// <param name="Amount">Leverage: the deposit pulled from the wallet. Deleverage: assets withdrawn to the wallet (0 for none).</param>
/// <param name="Ratio">Target leverage ratio, WAD.</param>
/// <param name="WithdrawAll">Deleverage only: end with nothing deposited (repay to 1x, then redeem every share).</param>
/// <param name="Cross">Cross-asset operations only: marketOut and the swap (then <paramref name="Market"/> is marketIn, the collateral).</param>
public sealed record Operation(
    OperationKind Kind, MarketInfo Market, Address Account, BigInteger Amount, BigInteger Ratio, bool WithdrawAll = false, CrossLeg? Cross = null)
{
    /// <summary>True for <see cref="OperationKind.CrossLeverage"/> and <see cref="OperationKind.CrossDeleverage"/>.</summary>
    public bool IsCross => Kind is OperationKind.CrossLeverage or OperationKind.CrossDeleverage;

    /// <summary>True when the deposit comes from the wallet (an asset permit is needed).</summary>
    public bool Deposits => Kind is OperationKind.Leverage or OperationKind.CrossLeverage;

    /// <summary>
    /// The market whose shares the share permit covers: the borrowed market for <c>crossLeverage</c> (it borrows there),
    /// otherwise <see cref="Market"/> (same asset; and <c>crossDeleverage</c> withdraws collateral from marketIn).
    /// </summary>
    public MarketInfo SharesMarket => Kind == OperationKind.CrossLeverage && Cross is { } leg ? leg.Borrow : Market;
}
