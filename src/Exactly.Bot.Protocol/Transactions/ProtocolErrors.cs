using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The custom errors of Exactly 0.2.15's Market, Auditor, DebtManager and InterestRateModel (from their deployment ABIs; plus
/// 0.2.16+'s <c>AllowanceSurplus()</c>), so a
/// simulated or mined revert reads as <c>InsufficientAccountLiquidity()</c> instead of a selector.
/// </summary>
public static class ProtocolErrors
{
    private static readonly string[] Signatures =
    [
        "AuditorMismatch()", "InsufficientAccountLiquidity()", "InsufficientShortfall()", "InvalidPrice()", "InvalidPriceFeed()",
        "MarketAlreadyListed()", "MarketNotListed()", "NotMarket()", "RemainingDebt()", "Disagreement()", "InvalidOperation()",
        "AlreadyMatured()", "UtilizationExceeded()", "InsufficientProtocolLiquidity()", "MaturityOverflow()", "NotAuditor()",
        "SelfLiquidation()", "UnmatchedPoolState(uint8,uint8)", "UnmatchedPoolStates(uint8,uint8,uint8)", "ZeroBorrow()",
        "ZeroDeposit()", "ZeroRepay()", "ZeroWithdraw()", "AllowanceSurplus()",
    ];

    /// <summary>A decoder that knows <c>Error(string)</c>, <c>Panic(uint256)</c> and every error above.</summary>
    public static RevertDecoder CreateDecoder() => new(Signatures.Select(AbiError.Parse));
}
