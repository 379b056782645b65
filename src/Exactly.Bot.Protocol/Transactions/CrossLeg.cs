using System.Numerics;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The cross-asset half of an <see cref="Operation"/> (0.2.15 <c>crossLeverage</c>/<c>crossDeleverage</c>): the other market and the
/// swap's terms, both taken from a <see cref="Quotes.CrossQuote"/>.
/// </summary>
/// <param name="Borrow">marketOut: the borrowed market, from the configured Auditor (the operation's <c>Market</c> is marketIn).</param>
/// <param name="Fee">Uniswap V3 pool fee, hundredths of a bip (500 = 0.05 %), from <c>DebtPreviewer.poolFees</c>.</param>
/// <param name="SqrtPriceLimitX96">The swap's Q64.96 price limit (the quote's 1 % slippage).</param>
/// <param name="SwapIn">Quoted swap input: borrow-asset units borrowed (leverage) or collateral units sold (deleverage).</param>
/// <param name="Slippage">The price move <paramref name="SqrtPriceLimitX96"/> allows, WAD (0.01e18 = 1 %).</param>
public sealed record CrossLeg(MarketInfo Borrow, int Fee, BigInteger SqrtPriceLimitX96, BigInteger SwapIn, BigInteger Slippage);
