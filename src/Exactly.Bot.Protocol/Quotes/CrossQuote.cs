using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// A cross-asset leverage or deleverage quote (0.2.15 DebtManager: Uniswap V3 flash swap), read at one block. Collateral
/// amounts in the collateral asset's decimals, borrow amounts in the borrow asset's, ratios/health factors/prices WAD.
/// </summary>
/// <param name="IsDeleverage">False: <c>crossLeverage</c>; true: <c>crossDeleverage</c>.</param>
/// <param name="Collateral">marketIn: deposited (from the configured Auditor).</param>
/// <param name="Borrow">marketOut: borrowed.</param>
/// <param name="Account">The account.</param>
/// <param name="Amount">Leverage: deposit added from the wallet. Deleverage: withdraw to the wallet (collateral units).</param>
/// <param name="Ratio">Target ratio, WAD (Limit.ratio).</param>
/// <param name="Fee">Pool fee tier, hundredths of a bip (500 = 0.05 %), from <c>DebtPreviewer.poolFees</c>.</param>
/// <param name="Pool">The pool address (CREATE2).</param>
/// <param name="SqrtPriceX96">Pool price now.</param>
/// <param name="SqrtPriceLimitX96">The transaction's price limit for <paramref name="Slippage"/>.</param>
/// <param name="Slippage">Allowed price move, WAD (0.01e18 = 1 %).</param>
/// <param name="DepositBefore">Collateral deposit before.</param>
/// <param name="DepositAfter">Collateral deposit after (Limit.deposit).</param>
/// <param name="BorrowBefore">Debt before (borrow asset).</param>
/// <param name="BorrowAfter">Debt after (Limit.borrow).</param>
/// <param name="SwapIn">Leverage: borrow-asset units sold. Deleverage: collateral units sold.</param>
/// <param name="SwapOut">What the swap yields: collateral (leverage) or borrow asset repaid (deleverage).</param>
/// <param name="SwapCost">Cost of the swap against the oracle, WAD (Limit.swapRatio − 1: fee + price impact).</param>
/// <param name="MaxRatio">Max ratio at <paramref name="MinHealthFactor"/>.</param>
/// <param name="MinHealthFactor">1.03 when both assets are ETH-like, else 1.05 (Exactly's app).</param>
/// <param name="HealthFactorBefore">Before; null without debt.</param>
/// <param name="HealthFactorAfter">After; null without debt.</param>
/// <param name="HealthFactorIfBorrowUp10">After, if the borrow asset's price rises 10 %.</param>
/// <param name="LiquidationPrice">Borrow asset price in collateral units (WAD) at which the health factor reaches 1, others fixed.</param>
/// <param name="CollateralPrice">Oracle price of the collateral asset, USD WAD.</param>
/// <param name="BorrowPrice">Oracle price of the borrow asset, USD WAD.</param>
/// <param name="NeedsEnterMarket">True when <c>Auditor.enterMarket(collateral)</c> must be sent first (leverage only).</param>
/// <param name="ShareAllowance">Market shares the DebtManager may spend: borrow market shares for the borrow (leverage) or
/// collateral shares for the swap and withdraw (deleverage); +1 bp interest margin, +1.</param>
/// <param name="Block">The block every figure was read at.</param>
/// <param name="ExpiresAt">When the bot stops offering the quote.</param>
public sealed record CrossQuote(
    bool IsDeleverage,
    MarketInfo Collateral,
    MarketInfo Borrow,
    Address Account,
    BigInteger Amount,
    BigInteger Ratio,
    int Fee,
    Address Pool,
    BigInteger SqrtPriceX96,
    BigInteger SqrtPriceLimitX96,
    BigInteger Slippage,
    BigInteger DepositBefore,
    BigInteger DepositAfter,
    BigInteger BorrowBefore,
    BigInteger BorrowAfter,
    BigInteger SwapIn,
    BigInteger SwapOut,
    BigInteger SwapCost,
    BigInteger MaxRatio,
    BigInteger MinHealthFactor,
    BigInteger? HealthFactorBefore,
    BigInteger? HealthFactorAfter,
    BigInteger? HealthFactorIfBorrowUp10,
    BigInteger LiquidationPrice,
    BigInteger CollateralPrice,
    BigInteger BorrowPrice,
    bool NeedsEnterMarket,
    BigInteger ShareAllowance,
    long Block,
    DateTimeOffset ExpiresAt);
