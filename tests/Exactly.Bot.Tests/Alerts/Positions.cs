using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Tests.Alerts;

/// <summary>Hand-made wallet positions for the pure alert rules and texts (devnet-like markets: USDC 0.91, WETH 0.86).</summary>
internal static class Positions
{
    public static readonly MarketInfo Usdc = new(Address.Parse("0xa513E6E4b8f2a923D98304ec87F64353C4D5C853"), Address.Parse("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"), "USDC", 6, Units.Wad * 91 / 100, Address.Parse("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9"), 0);
    public static readonly MarketInfo Weth = new(Address.Parse("0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82"), Address.Parse("0x8A791620dd6260079BF849Dc5567aDC3F2FdC318"), "WETH", 18, Units.Wad * 86 / 100, Address.Parse("0x610178dA211FEF7D417bC0e6FeD39F05609AD788"), 1);
    public static readonly Address Wallet = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    /// <summary>0.2.15's penalty rate: 0.02 % a day per second (2e-4 / 86,400 ≈ 2.3148e9 WAD per second).</summary>
    public static readonly BigInteger PenaltyRate = 2_314_814_814;

    /// <summary>WETH collateral and a USDC debt (floating, plus fixed borrows), at <paramref name="timestamp"/> and block <paramref name="block"/>.</summary>
    public static WalletPosition Cross(
        decimal weth, decimal usdcFloating, long timestamp, long block = 100, decimal wethPrice = 3000, IReadOnlyList<FixedBorrow>? fixedBorrows = null,
        bool usdcPaused = false, long? wethUpdatedAt = null)
    {
        var fixedDebt = (fixedBorrows ?? []).Aggregate(BigInteger.Zero, (s, b) => s + b.Owed + b.PenaltyAt(timestamp, PenaltyRate));
        var floating = Scale(usdcFloating, 6);
        return new WalletPosition(
            Wallet,
            new BlockHeader(block, new byte[32], new byte[32], timestamp),
            0b11,
            [
                new MarketPosition(Usdc, true, 0, floating + fixedDebt, floating, fixedBorrows ?? [], Units.Wad, PenaltyRate, usdcPaused, null, null),
                new MarketPosition(Weth, true, Scale(weth, 18), 0, 0, [], Scale(wethPrice, 18), PenaltyRate, false, null, wethUpdatedAt),
            ]);
    }

    public static BigInteger Scale(decimal value, int decimals) => new BigInteger(value * 1_000_000m) * BigInteger.Pow(10, decimals) / 1_000_000;
}
