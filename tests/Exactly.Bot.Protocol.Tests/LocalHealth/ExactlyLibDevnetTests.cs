using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// Snapshots taken from a real devnet history (account state read from the Market and Auditor storage at a block, not from
/// logs): <c>@exactly/lib</c>, the local engine and <c>Auditor.accountLiquidity</c> itself agree to the wei.
/// </summary>
public sealed class ExactlyLibDevnetTests(ITestOutputHelper output)
{
    const long Interval = 4 * 7 * 86_400;

    [Fact]
    public async Task AccountLiquidity_DevnetAccountsAtSeveralBlocks_ExactlyLibEngineAndAuditorAgreeToTheWei()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var history = new DevnetHistory(devnet, 60, 1313);
        await history.SetUpAsync();
        var accounts = history.Accounts.Concat(devnet.Accounts.Take(3)).ToArray();
        var taken = new List<(LiquiditySnapshot Snapshot, LiquidityReading? Chain)>();
        var random = new Random(1313);
        for (var round = 0; round < 14; round++)
        {
            await history.RandomRoundAsync(40, await devnet.TimestampAsync());
            if (round == 6)
                await devnet.IncreaseTimeAsync(TimeSpan.FromSeconds(Interval + (3 * 86_400))); // past the first maturities: penalties
            if (round % 3 == 2)
                await devnet.SetPriceAsync("WETH", 2_700 + random.Next(600));
            if (round >= 3 && round % 2 == 1)
                taken.AddRange(await SnapshotsAsync(devnet, accounts, await BlockHeader.ReadAsync(devnet.Rpc)));
        }

        var lib = await ExactlyLibCrossCheckTests.RunAsync(taken.Select(t => t.Snapshot).ToArray());

        for (var i = 0; i < taken.Count; i++)
        {
            var (snapshot, chain) = taken[i];
            var local = snapshot.EvaluateLocally();
            var text = $"#{i}: chain {chain}, engine {local}, lib {lib[i].ToJsonString()}; {snapshot.ToJson().ToJsonString()}";
            Assert.True(chain is not null && local is { } l && l.Collateral == chain.Collateral && l.Debt == chain.Debt, text);
            Assert.True(lib[i]["collateral"]!.GetValue<string>() == chain.Collateral.ToString() && lib[i]["debt"]!.GetValue<string>() == chain.Debt.ToString(), text);
            // What the lib would count and the Auditor skips never happens on chain: debt sits only in entered markets.
            Assert.All(snapshot.Markets, m => Assert.True(m.Entered || (m.BorrowShares == 0 && m.Fixed.Count == 0), text));
        }

        var markets = taken.SelectMany(t => t.Snapshot.Markets.Select(m => (t.Snapshot.Timestamp, m))).ToArray();
        var overdue = markets.Count(x => x.m.Fixed.Any(f => x.Timestamp > f.Maturity));
        var fixedBorrows = markets.Count(x => x.m.Fixed.Count > 0);
        var withDebt = taken.Count(t => t.Chain!.Debt > 0);
        output.WriteLine($"{taken.Count} devnet snapshots ({accounts.Length} accounts × {taken.Count / accounts.Length} blocks): {withDebt} with debt, " +
            $"{fixedBorrows} markets with fixed borrows, {overdue} of them overdue; operations: {string.Join(", ", history.Succeeded)}");
        Assert.True(withDebt > 100 && fixedBorrows > 20 && overdue > 5, $"{withDebt} with debt, {fixedBorrows} fixed, {overdue} overdue");
    }

    /// <summary>
    /// Every account's snapshot at <paramref name="block"/>: market states and <c>accountLiquidity</c> in one pinned call (so
    /// both saw the same <c>block.timestamp</c>), then each account's shares, borrow shares, entered bitmap and fixed borrows.
    /// </summary>
    static async Task<List<(LiquiditySnapshot, LiquidityReading?)>> SnapshotsAsync(Devnet.Devnet devnet, Address[] accounts, BlockHeader block)
    {
        var reader = new MarketStateReader(devnet.Rpc, devnet.Deployment.ToProtocolDeployment());
        var markets = (await reader.ListAsync(block.Pin)).OrderBy(m => m.Index).ToArray();
        var states = await reader.ReadAsync(markets, accounts, block);
        var perAccount = markets.SelectMany(m => new[] { new ContractCall(m.Market, Erc20Abi.BalanceOf, default(Address)), new ContractCall(m.Market, MarketAbi.Accounts, default(Address)) })
            .Prepend(new ContractCall(devnet.Deployment.Auditor, AuditorAbi.AccountMarkets, default(Address))).ToArray();
        var snapshots = new List<(LiquiditySnapshot, LiquidityReading?)>();
        foreach (var account in accounts)
        {
            var values = await devnet.Rpc.ReadAsync(perAccount.Select(c => c with { Arguments = [account] }).ToArray(), block.Pin);
            var entered = (BigInteger)values[0][0]!;
            var positions = new List<SnapshotMarket>();
            for (var i = 0; i < markets.Length; i++)
            {
                var state = states.States[i]!;
                var packed = (BigInteger)values[2 + (2 * i)][1]!;
                var maturities = Maturities(packed).ToArray();
                var fixedValues = maturities.Length == 0 ? [] : await devnet.Rpc.ReadAsync(maturities.Select(k => new ContractCall(markets[i].Market, MarketAbi.FixedBorrowPositions, new BigInteger(k), account)).ToArray(), block.Pin);
                positions.Add(new SnapshotMarket(
                    markets[i].Decimals, markets[i].AdjustFactor, state.Price!.Value, state.TotalAssets, state.TotalSupply, state.TotalFloatingBorrowAssets,
                    state.TotalFloatingBorrowShares, state.PenaltyRate, ((entered >> markets[i].Index) & 1) == 1,
                    (UInt128)(BigInteger)values[1 + (2 * i)][0]!, (UInt128)(BigInteger)values[2 + (2 * i)][2]!,
                    maturities.Select((k, j) => new SnapshotFixed(k, (BigInteger)fixedValues[j][0]!, (BigInteger)fixedValues[j][1]!)).ToArray()));
            }

            snapshots.Add((new LiquiditySnapshot($"devnet block {block.Number}", states.Timestamp, positions), states.Sample.GetValueOrDefault(account)));
        }

        return snapshots;
    }

    /// <summary><c>accounts(a).fixedBorrows</c>: the base maturity in the low 32 bits, then one bit per interval after it.</summary>
    static IEnumerable<long> Maturities(BigInteger packed)
    {
        var maturity = (long)(packed & uint.MaxValue);
        for (var bits = packed >> 32; !bits.IsZero; bits >>= 1, maturity += Interval)
        {
            if (!(bits & 1).IsZero)
                yield return maturity;
        }
    }
}
