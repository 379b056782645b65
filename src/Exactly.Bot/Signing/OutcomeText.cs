using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>The chat messages that report a transaction's outcome, the same on every transport.</summary>
public static class OutcomeText
{
    /// <summary>A mined transaction: the new position, the health factor and the transaction link.</summary>
    public static string Mined(string kind, MarketInfo market, PositionSnapshot position, Uri txUrl, long gasUsed)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(position);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Done: {kind} {market.Symbol} confirmed on chain ({gasUsed:N0} gas).\n");
        Line(text, "Deposit", $"{Amount(position.Deposit, market)} {market.Symbol}");
        Line(text, "Borrow", $"{Amount(position.Debt, market)} {market.Symbol}");
        Line(text, "Leverage", position.Ratio.IsZero ? "none" : LeverageQuoter.FormatRatio(position.Ratio));
        Line(text, "Health factor", position.HealthFactor is { } hf ? $"{Units.Format(hf, 18, 2)} {HealthFactor.Describe(hf)}" : "no debt");
        Line(text, "Wallet", $"{Amount(position.WalletAssets, market)} {market.Symbol}");
        text.Append(CultureInfo.InvariantCulture, $"Transaction: {txUrl}");
        return text.ToString();
    }

    /// <summary>
    /// A mined cross-asset transaction: deposit and borrow in their own assets, the account's health factor, the transaction link.
    /// </summary>
    public static string CrossMined(
        string kind, MarketInfo collateral, MarketInfo borrow, PositionSnapshot deposited, PositionSnapshot borrowed, Uri txUrl, long gasUsed)
    {
        ArgumentNullException.ThrowIfNull(collateral);
        ArgumentNullException.ThrowIfNull(borrow);
        ArgumentNullException.ThrowIfNull(deposited);
        ArgumentNullException.ThrowIfNull(borrowed);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Done: {kind} {collateral.Symbol}/{borrow.Symbol} confirmed on chain ({gasUsed:N0} gas).\n");
        Line(text, "Deposit", $"{Amount(deposited.Deposit, collateral)} {collateral.Symbol}");
        Line(text, "Borrow", $"{Amount(borrowed.Debt, borrow)} {borrow.Symbol}");
        Line(text, "Health factor", deposited.HealthFactor is { } hf ? $"{Units.Format(hf, 18, 2)} {HealthFactor.Describe(hf)}" : "no debt");
        Line(text, "Wallet", $"{Amount(deposited.WalletAssets, collateral)} {collateral.Symbol}, {Amount(borrowed.WalletAssets, borrow)} {borrow.Symbol}");
        text.Append(CultureInfo.InvariantCulture, $"Transaction: {txUrl}");
        return text.ToString();
    }

    /// <summary>The words for a cross-asset kind in a message: <c>cross leverage</c>, <c>cross deleverage</c>.</summary>
    public static string CrossKind(OperationKind kind) => kind == OperationKind.CrossLeverage ? "cross leverage" : "cross deleverage";

    /// <summary>A reverted transaction: what failed (the decoded revert) and that nothing but gas was spent.</summary>
    /// <param name="kind">The operation's words (<c>leverage</c>, <c>cross leverage</c>…).</param>
    /// <param name="what">The market's symbol, or <c>USDC/WETH</c> for a cross-asset pair.</param>
    /// <param name="reason">The decoded revert.</param>
    /// <param name="txUrl">The explorer link.</param>
    public static string Failed(string kind, string what, string reason, Uri txUrl) =>
        $"Failed: the {kind} {what} transaction reverted ({reason}). Your position did not change; only the gas was spent.\nTransaction: {txUrl}";

    /// <summary>
    /// A mined transaction that is not the one built for the session (another sender, contract or calldata): never reported as
    /// the operation.
    /// </summary>
    public static string NotThePlan(string kind, string what, Uri txUrl, string command) =>
        $"Not confirmed: transaction {txUrl} is not the {kind} {what} transaction prepared for your link (its sender, contract or calldata differ), "
        + $"so it is not reported as your {kind}. Check your position with /position. For a new quote, ask again: {command}";

    /// <summary>After the follow-up steps of "withdraw everything".</summary>
    public static string Withdrawn(MarketInfo market, PositionSnapshot position, Uri txUrl)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(position);
        return $"Withdrawn: {Amount(position.WalletAssets, market)} {market.Symbol} in your wallet; deposit {Amount(position.Deposit, market)}, borrow {Amount(position.Debt, market)}. "
            + $"The DebtManager keeps no allowance.\nTransaction: {txUrl}";
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{label,-14}{value}\n");

    private static string Amount(BigInteger value, MarketInfo market) => Units.Format(value, market.Decimals, Math.Min((int)market.Decimals, 6));
}
