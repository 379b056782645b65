using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// Where <c>@exactly/lib</c> and the local engine part (a 256-bit overflow), which one the contracts agree with: the real
/// Auditor on anvil, fed an account whose collateral value overflows through an <c>eth_call</c> state override.
/// </summary>
public sealed class ExactlyLibOverflowDevnetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AccountLiquidity_CollateralTimesPriceBeyond256Bits_AuditorRevertsAsTheEngineSaysNotAsExactlyLibAnswers()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var weth = devnet.Deployment.Market("WETH");
        var account = devnet.DemoWallet;
        var one = BigInteger.Pow(10, 18);
        await devnet.MintAsync(weth.Asset, account, one);
        await devnet.SendAsync(new TransactionRequest(weth.Asset, Erc20Abi.Approve.Encode(weth.Market, one), account));
        await devnet.SendAsync(new TransactionRequest(weth.Market, MarketAbi.Deposit.Encode(one, account), account));
        await devnet.SendAsync(new TransactionRequest(devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(weth.Market), account));

        // 2^127 shares (within the 128 bits the engine's book holds) over a supply of 1: convertToAssets = 2^127 · totalAssets
        // still fits 256 bits, and assets · price (≈ 2^268) does not: the Auditor's mulDivDown(balance, price, baseUnit).
        var (chain, snapshot) = await ReadWithOverrideAsync(devnet, account, BigInteger.One << 127);
        var lib = (await ExactlyLibCrossCheckTests.RunAsync([snapshot]))[0];
        output.WriteLine($"accountLiquidity {chain?.ToString() ?? "reverted"}; engine {snapshot.EvaluateLocally()}; lib {lib.ToJsonString()}");

        Assert.Null(chain); // the Auditor reverts
        Assert.Null(snapshot.EvaluateLocally()); // the engine: cannot evaluate
        Assert.Null(lib["error"]); // the lib answers a collateral the chain never gives
        Assert.True(BigInteger.Parse(lib["collateral"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The control: the same override with 2^60 shares fits, and all three agree (the revert above is the overflow).
        var (fits, small) = await ReadWithOverrideAsync(devnet, account, BigInteger.One << 60);
        var smallLib = (await ExactlyLibCrossCheckTests.RunAsync([small]))[0];
        Assert.NotNull(fits);
        Assert.Equal((fits.Collateral, fits.Debt), small.EvaluateLocally());
        Assert.Equal(fits.Collateral.ToString(System.Globalization.CultureInfo.InvariantCulture), smallLib["collateral"]!.GetValue<string>());
    }

    /// <summary>
    /// <c>accountLiquidity</c> (null when it reverted) and the WETH market's state, in one <c>eth_call</c> whose state override
    /// gives <paramref name="account"/> <paramref name="shares"/> over a total supply of 1.
    /// </summary>
    static async Task<(Health.LiquidityReading? Chain, LiquiditySnapshot Snapshot)> ReadWithOverrideAsync(Devnet.Devnet devnet, Address account, BigInteger shares)
    {
        var weth = devnet.Deployment.Market("WETH");
        var layout = await StorageSlotsAsync();
        var stateDiff = new JsonObject
        {
            [Slot(AbiEncoder.Encode([AbiType.AddressType, AbiType.UInt256], [account, layout["balanceOf"]]), keccak: true)] = Word(shares),
            [Slot(AbiEncoder.Encode(AbiType.UInt256, layout["totalSupply"]), keccak: false)] = Word(1),
        };
        var reads = new[] { MarketAbi.TotalAssets, MarketAbi.TotalSupply, MarketAbi.TotalFloatingBorrowAssets, MarketAbi.TotalFloatingBorrowShares, MarketAbi.PenaltyRate, Erc20Abi.BalanceOf }
            .Select(f => new Multicall3Call(weth.Market, f == Erc20Abi.BalanceOf ? f.Encode(account) : f.Encode(), AllowFailure: false))
            .Prepend(new Multicall3Call(devnet.Deployment.Multicall3, Multicall3.GetCurrentBlockTimestamp.Encode(), AllowFailure: false))
            .Append(new Multicall3Call(devnet.Deployment.Auditor, AuditorAbi.AssetPrice.Encode(weth.PriceFeed), AllowFailure: false))
            .Append(new Multicall3Call(devnet.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero)))
            .ToArray();
        var call = new TransactionRequest(devnet.Deployment.Multicall3, Multicall3.Encode(reads)).ToJson();
        var answer = await devnet.Rpc.RequestAsync("eth_call", [call, JsonValue.Create("latest"), new JsonObject { [weth.Market.ToLowerHex()] = new JsonObject { ["stateDiff"] = stateDiff } }]);
        var results = Multicall3.Decode(Hex.Decode(answer.GetString()!));
        var word = results.Take(8).Select(r => (BigInteger)AbiDecoder.Decode(AbiType.UInt256, r.ReturnData)!).ToArray();
        Assert.Equal(shares, word[6]);
        Assert.Equal(BigInteger.One, word[2]);

        var listed = (await new Health.Local.MarketStateReader(devnet.Rpc, devnet.Deployment.ToProtocolDeployment()).ListAsync(BlockParameter.Latest)).Single(m => m.Market == weth.Market);
        var snapshot = new LiquiditySnapshot($"WETH balance {shares} over a supply of 1", (long)word[0], [new SnapshotMarket(
            listed.Decimals, listed.AdjustFactor, word[7], word[1], word[2], word[3], word[4], word[5], true, (UInt128)shares, 0, [])]);
        var chain = results[8].Success && AuditorAbi.AccountLiquidity.Decode(results[8].ReturnData) is var v
            ? new Health.LiquidityReading(account, (BigInteger)v[0]!, (BigInteger)v[1]!) : null;
        return (chain, snapshot);
    }

    /// <summary>Storage slots of the Market's variables, from the deployment artifact's storage layout (not hard-coded).</summary>
    static async Task<Dictionary<string, BigInteger>> StorageSlotsAsync()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        using var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(tools.PackageFile("@exactly/protocol", "deployments/optimism/MarketWETH_Implementation.json")));
        return artifact.RootElement.GetProperty("storageLayout").GetProperty("storage").EnumerateArray()
            .Where(s => s.GetProperty("label").GetString() is "balanceOf" or "totalSupply")
            .ToDictionary(s => s.GetProperty("label").GetString()!, s => BigInteger.Parse(s.GetProperty("slot").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    static string Slot(byte[] encoded, bool keccak) => Hex.Encode(keccak ? Keccak256.Hash(encoded) : encoded);

    static string Word(BigInteger value) => Hex.Encode(AbiEncoder.Encode(AbiType.UInt256, value));
}
