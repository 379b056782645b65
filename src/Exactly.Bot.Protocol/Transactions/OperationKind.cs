namespace Exactly.Bot.Protocol.Transactions;

/// <summary>The DebtManager operations a signing session can carry.</summary>
public enum OperationKind
{
    /// <summary>Same-asset <c>leverage</c>: deposit from the wallet, borrow and re-deposit to a ratio.</summary>
    Leverage,

    /// <summary>Same-asset <c>deleverage</c>: repay down to a ratio, optionally withdraw (or exit completely).</summary>
    Deleverage,
}
