using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>What a user asked to deleverage.</summary>
/// <param name="Account">The account.</param>
/// <param name="Market">A market from <see cref="MarketCatalogue"/>.</param>
/// <param name="Ratio">Target ratio, WAD (1e18 = repay all debt).</param>
/// <param name="Withdraw">Assets to take to the wallet, asset decimals (0 for none); ignored when <paramref name="WithdrawAll"/>.</param>
/// <param name="WithdrawAll">Exit completely: repay everything and take the whole principal (forces 1x).</param>
public sealed record DeleverageRequest(Address Account, MarketInfo Market, BigInteger Ratio, BigInteger Withdraw, bool WithdrawAll);
