using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// A same-asset leverage quote read from <c>DebtPreviewer.previewLeverage</c> at one block. Amounts are in the asset's
/// decimals; ratios and health factors are WAD (1e18 = 1.0x / 1.0). Leverage ratio = deposit / principal.
/// </summary>
/// <param name="Market">The market (from the configured Auditor).</param>
/// <param name="Account">The account quoted for.</param>
/// <param name="Added">Assets the user adds from the wallet.</param>
/// <param name="DepositBefore">Deposit before, <c>accountSnapshot</c>.</param>
/// <param name="BorrowBefore">Debt before, <c>accountSnapshot</c>.</param>
/// <param name="DepositAfter">Deposit after (Limit.deposit).</param>
/// <param name="BorrowAfter">Floating borrow after (Limit.borrow).</param>
/// <param name="Principal">Deposit − debt after (Limit.principal).</param>
/// <param name="RatioBefore">Leverage ratio before (1.0 for no debt; 0 for no position).</param>
/// <param name="RatioAfter">Leverage ratio after (Limit.ratio).</param>
/// <param name="MaxRatio">The highest ratio that keeps the health factor at <paramref name="MinHealthFactor"/>.</param>
/// <param name="MinHealthFactor">The floor the max ratio is computed for (Exactly's app: 1.02 same asset).</param>
/// <param name="HealthFactorBefore">Before; null when there is no debt.</param>
/// <param name="HealthFactorAfter">After; null when there is no debt.</param>
/// <param name="Price">The asset's oracle price, USD WAD.</param>
/// <param name="Block">The block every figure was read at.</param>
public sealed record LeverageQuote(
    MarketInfo Market,
    Address Account,
    BigInteger Added,
    BigInteger DepositBefore,
    BigInteger BorrowBefore,
    BigInteger DepositAfter,
    BigInteger BorrowAfter,
    BigInteger Principal,
    BigInteger RatioBefore,
    BigInteger RatioAfter,
    BigInteger MaxRatio,
    BigInteger MinHealthFactor,
    BigInteger? HealthFactorBefore,
    BigInteger? HealthFactorAfter,
    BigInteger Price,
    long Block)
{
    /// <summary>The quoted block's timestamp, Unix seconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>When the bot stops offering this quote (read it again after).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Assets the DebtManager flash-loans from the Balancer vault (the borrow increase), asset decimals.</summary>
    public BigInteger FlashLoan { get; init; }

    /// <summary>The vault's balance of the asset: the flash loan needs <c>FlashLoan ≤ VaultLiquidity</c> per loop.</summary>
    public BigInteger VaultLiquidity { get; init; }

    /// <summary>
    /// Yearly return on the principal at the quoted block's rates, WAD, may be negative:
    /// (deposit × (deposit APR + deposit rewards) − borrow × (borrow APR − borrow rewards)) / principal. The rates move once the
    /// position changes utilization, so this is an estimate. Null when <c>Previewer.exactly</c> could not be read.
    /// </summary>
    public BigInteger? NetApr { get; init; }

    /// <summary>The market's rates at the quoted block (yearly, WAD); null when not read.</summary>
    public Markets.MarketSnapshot? Rates { get; init; }

    /// <summary>What the configured DebtManager offers (generation); null when not probed.</summary>
    public Contracts.DebtManagerFeatures? Features { get; init; }
}
