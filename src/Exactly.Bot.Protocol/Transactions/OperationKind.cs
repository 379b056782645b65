namespace Exactly.Bot.Protocol.Transactions;

/// <summary>The DebtManager operations a signing session can carry.</summary>
public enum OperationKind
{
    /// <summary>Same-asset <c>leverage</c>: deposit from the wallet, borrow and re-deposit to a ratio.</summary>
    Leverage,

    /// <summary>Same-asset <c>deleverage</c>: repay down to a ratio, optionally withdraw (or exit completely).</summary>
    Deleverage,

    /// <summary>0.2.15 <c>crossLeverage</c>: deposit one asset, borrow another through a Uniswap V3 flash swap.</summary>
    CrossLeverage,

    /// <summary>0.2.15 <c>crossDeleverage</c>: repay the borrowed asset down to a ratio by selling collateral, optionally withdraw.</summary>
    CrossDeleverage,
}
