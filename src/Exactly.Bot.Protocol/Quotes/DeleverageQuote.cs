using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// A same-asset deleverage quote, read at one block (<see cref="PinnedReads"/>) from <c>DebtPreviewer.previewDeleverage</c>
/// and the market. Amounts are in the asset's decimals, Market shares in share units (same decimals), ratios and health
/// factors WAD. Carries every figure a transaction builder (issue 5) needs; see <see cref="Steps"/> for what to send.
/// </summary>
/// <param name="Market">The market (from the configured Auditor only).</param>
/// <param name="Account">The account deleveraged (sender, permit owner).</param>
/// <param name="Kind">Which transactions realise it: DebtManager <c>deleverage</c>, or a plain Market withdraw when there is no debt.</param>
/// <param name="Ratio">Target ratio passed to <c>deleverage</c>, WAD (1e18 = 1x: repay everything).</param>
/// <param name="Withdraw">The <c>withdraw</c> argument of <c>deleverage</c> (or <c>Market.withdraw</c>'s assets), asset decimals.
/// For <see cref="WithdrawAll"/> it is the principal minus <see cref="Haircut"/>.</param>
/// <param name="WithdrawAll">True when the user exits completely: after the deleverage, <c>Market.redeem(balanceOf(account), account, account)</c>
/// takes the dust the haircut left (interest accrues between quote and mining; withdrawing the exact principal reverts).</param>
/// <param name="Haircut">Assets left for the final redeem in a withdraw-all: 1 bp of the principal, at least 1 unit.</param>
/// <param name="DepositBefore">Deposit before (<c>accountSnapshot</c>).</param>
/// <param name="BorrowBefore">Debt before (<c>accountSnapshot</c>).</param>
/// <param name="DepositAfter">Deposit after (Limit.deposit; 0 for a withdraw-all).</param>
/// <param name="BorrowAfter">Debt after (Limit.borrow).</param>
/// <param name="Repay">Debt repaid = the Balancer flash loan the DebtManager takes, asset decimals.</param>
/// <param name="ToWallet">Assets that reach the wallet (the withdraw, plus the final redeem's estimate for a withdraw-all).</param>
/// <param name="MarketShareAllowance">Market shares the DebtManager may spend (approve or share-permit value): the repay and withdraw
/// converted at the share price rounded up, +1 bp for interest until mining, +1 share per flash-loan loop. Under the 0.2.16+
/// <c>AllowanceSurplus</c> rule at most ~1 bp stays unused, well inside the 1 % allowed.</param>
/// <param name="RatioBefore">Leverage before, WAD (0 without a position).</param>
/// <param name="RatioAfter">Leverage after, WAD (Limit.ratio; 0 when nothing stays deposited).</param>
/// <param name="HealthFactorBefore">Before; null without debt.</param>
/// <param name="HealthFactorAfter">After; null without debt.</param>
/// <param name="Price">The asset's oracle price, USD WAD.</param>
/// <param name="VaultLiquidity">The Balancer vault's balance of the asset (the flash loan is split into ceil(repay / this) loops).</param>
/// <param name="Block">The block every figure was read at.</param>
/// <param name="Timestamp">That block's timestamp, Unix seconds.</param>
/// <param name="ExpiresAt">When the bot stops offering this quote.</param>
/// <param name="Features">What the configured DebtManager offers (generation, AllowanceSurplus rule).</param>
public sealed record DeleverageQuote(
    MarketInfo Market,
    Address Account,
    DeleverageKind Kind,
    BigInteger Ratio,
    BigInteger Withdraw,
    bool WithdrawAll,
    BigInteger Haircut,
    BigInteger DepositBefore,
    BigInteger BorrowBefore,
    BigInteger DepositAfter,
    BigInteger BorrowAfter,
    BigInteger Repay,
    BigInteger ToWallet,
    BigInteger MarketShareAllowance,
    BigInteger RatioBefore,
    BigInteger RatioAfter,
    BigInteger? HealthFactorBefore,
    BigInteger? HealthFactorAfter,
    BigInteger Price,
    BigInteger VaultLiquidity,
    long Block,
    long Timestamp,
    DateTimeOffset ExpiresAt,
    DebtManagerFeatures Features)
{
    /// <summary>Flash-loan loops the DebtManager will run: ceil(repay / vault liquidity) (0 when nothing is repaid).</summary>
    public BigInteger Loops => Repay.IsZero || VaultLiquidity.IsZero ? BigInteger.Zero : ((Repay - 1) / VaultLiquidity) + 1;

    /// <summary>True when the vault holds enough of the asset for one flash loan of the whole repay.</summary>
    public bool VaultCovers => Repay <= VaultLiquidity;

    /// <summary>The transactions, in order, as human-readable contract calls (the transaction builder encodes them).</summary>
    public IReadOnlyList<string> Steps => Kind switch
    {
        DeleverageKind.MarketWithdraw when WithdrawAll => [$"Market.redeem(balanceOf({Account}), {Account}, {Account})"],
        DeleverageKind.MarketWithdraw => [$"Market.withdraw({Withdraw}, {Account}, {Account})"],
        _ when WithdrawAll =>
        [
            $"Market.approve(DebtManager, {MarketShareAllowance}) or a share permit of that value",
            $"DebtManager.deleverage({Market.Market}, {Withdraw}, {Ratio})",
            $"Market.redeem(balanceOf({Account}), {Account}, {Account})",
        ],
        _ =>
        [
            $"Market.approve(DebtManager, {MarketShareAllowance}) or a share permit of that value",
            $"DebtManager.deleverage({Market.Market}, {Withdraw}, {Ratio})",
        ],
    };
}

/// <summary>How a deleverage is carried out.</summary>
public enum DeleverageKind
{
    /// <summary><c>DebtManager.deleverage(market, withdraw, ratio)</c> with a Balancer flash loan (there is debt).</summary>
    DebtManager,

    /// <summary>No debt: <c>deleverage</c> would revert (division by zero), so a plain <c>Market.withdraw</c>/<c>redeem</c>.</summary>
    MarketWithdraw,
}
