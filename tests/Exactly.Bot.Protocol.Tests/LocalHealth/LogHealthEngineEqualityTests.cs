using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// THE equality test: health computed from logs equals <c>Auditor.accountLiquidity</c> read from chain, to the wei, for every
/// account at every checkpoint of a seeded random history (both protocol generations).
/// </summary>
public sealed class LogHealthEngineEqualityTests
{
    const int Accounts = 220;
    const int Rounds = 55;

    [Theory]
    [InlineData(ProtocolGeneration.V0215, 1315)]
    [InlineData(ProtocolGeneration.Current, 2024)]
    public async Task Evaluate_SeededHistoryOf220Accounts_EqualsAccountLiquidityToTheWeiAtEveryCheckpoint(ProtocolGeneration generation, int seed)
    {
        await using var devnet = await Devnet.Devnet.StartAsync(new DevnetOptions { Generation = generation });
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, Accounts, seed);
        var batched = new BatchedLiquidityEngine(devnet.Rpc, deployment);
        // Small first pages so the backfill from genesis (deployment, listings, lender deposits) runs through several of them.
        var indexer = new LogIndexer(devnet.Rpc, deployment, new LogIndexerOptions { InitialPageBlocks = 16 });
        var engine = new LogHealthEngine(devnet.Rpc, deployment, indexer, batched, new LogHealthOptions { BackfillPagesPerBlock = int.MaxValue });
        await history.SetUpAsync();
        var watched = history.Accounts.Concat(devnet.Accounts.Take(3)).Append(new Address(Keccak256.Hash("never seen").AsSpan(12))).ToArray();
        var random = new Random(seed);
        var (compared, withDebt, blocks) = (0, 0, new HashSet<long>());

        for (var round = 0; round < Rounds; round++)
        {
            var timestamp = await devnet.TimestampAsync();
            await history.RandomRoundAsync(40, timestamp);
            if (round % 3 == 1)
            {
                await devnet.SetPriceAsync("WETH", 2_700 + random.Next(600));
                await devnet.SetPriceAsync("wstETH", 3_200 + random.Next(600));
                await devnet.SetPriceAsync("USDC", 0.98m + (random.Next(5) / 100m));
            }

            if (round == 20)
                await devnet.IncreaseTimeAsync(TimeSpan.FromSeconds(DevnetHistory.Interval + 86_400)); // past the first maturity: penalties
            if (round == 35)
                await LiquidateAsync(devnet, history);

            var block = await BlockHeader.ReadAsync(devnet.Rpc);
            var local = await engine.EvaluateAsync(watched, block);
            var chain = await batched.EvaluateAsync(watched, block);
            // The first evaluation re-validates after the proxies' Upgraded events (deployment) and answers from chain.
            if (engine.DivergedAccount is { } diverged)
                Assert.Fail($"{engine.Divergence}\n{await DiagnoseAsync(devnet, indexer, diverged, block)}");
            Assert.True(engine.LastWasLocal || round == 0, $"block {block.Number}: the fallback answered");
            var differences = watched.Where(a => chain.Readings.GetValueOrDefault(a) != local.Readings.GetValueOrDefault(a))
                .Select(a => $"{a}: local {local.Readings.GetValueOrDefault(a)}, chain {chain.Readings.GetValueOrDefault(a)}").ToArray();
            if (differences.Length > 0)
                Assert.Fail($"block {block.Number}, round {round}: {differences.Length} differ; {string.Join("; ", differences.Take(2))}\n{await DiagnoseAsync(devnet, indexer, watched.First(a => chain.Readings.GetValueOrDefault(a) != local.Readings.GetValueOrDefault(a)), block)}");
            compared += watched.Length;
            withDebt += chain.Readings.Values.Count(r => r.Debt > 0);
            blocks.Add(block.Number);
        }

        Assert.True(blocks.Count >= 50);
        Assert.False(engine.Diverged, engine.Divergence);
        Assert.Equal(1, engine.Revalidations);
        Assert.True(engine.Verified >= Rounds, $"{engine.Verified} sampled accounts verified");
        // The history really exercised every rule: each kind of operation succeeded, fixed debt went overdue, someone was liquidated.
        foreach (var kind in new[] { "deposit", "redeem", "transfer", "borrow", "repay", "refund", "borrowAtMaturity", "repayAtMaturity", "enterMarket", "exitMarket", "liquidate" })
            Assert.True(history.Succeeded.GetValueOrDefault(kind) > 0, $"no successful {kind}: {string.Join(", ", history.Succeeded)}");
        Assert.True(withDebt > Rounds * 50, $"{withDebt} readings with debt");
        Assert.True(compared >= Accounts * 50);
    }

    static async Task<string> DiagnoseAsync(Devnet.Devnet devnet, LogIndexer indexer, Address account, BlockHeader block)
    {
        var lines = new List<string>();
        var id = indexer.Book.IdOf(account);
        for (var i = 0; i < devnet.Deployment.Markets.Count; i++)
        {
            var m = devnet.Deployment.Markets[i].Market;
            var snapshot = await devnet.Rpc.CallAsync(m, MarketAbi.AccountSnapshot, [account], block.Pin);
            var accounts = await devnet.Rpc.CallAsync(m, MarketAbi.Accounts, [account], block.Pin);
            var balance = await devnet.Rpc.CallAsync(m, Erc20Abi.BalanceOf, [account], block.Pin);
            var fixedBorrows = indexer.Book.FixedBorrows(i, id) is { } f ? string.Join(",", f.Select(p => $"{p.Key}:{p.Value}")) : "-";
            lines.Add($"market {i}: entered {(indexer.Book.Entered(id) >> i) & 1}; shares local {indexer.Book.Shares(i, id)} chain {balance[0]}; borrow shares local {indexer.Book.BorrowShares(i, id)} chain {accounts[2]}; fixed local {fixedBorrows} chain bitmap {accounts[1]}; chain snapshot {snapshot[0]}/{snapshot[1]}");
        }

        var auditorMap = await devnet.Rpc.CallAsync(devnet.Deployment.Auditor, AuditorAbi.AccountMarkets, [account], block.Pin);
        lines.Add($"accountMarkets chain {auditorMap[0]}; timestamp {block.Timestamp}");
        return string.Join("\n", lines);
    }

    /// <summary>WETH falls to 1,000 USD: account 0 (2 WETH, 2,000 USDC debt) is at 0.78 and the demo wallet liquidates it.</summary>
    static async Task LiquidateAsync(Devnet.Devnet devnet, DevnetHistory history)
    {
        await devnet.SetPriceAsync("WETH", 1_000);
        var liquidator = devnet.DemoWallet;
        await devnet.SendAsync(new TransactionRequest(history.Usdc.Asset, Erc20Abi.Approve.Encode(history.Usdc.Market, DevnetHistory.Usd(10_000)), liquidator));
        var receipt = await devnet.SendAsync(new TransactionRequest(
            history.Usdc.Market, MarketAbi.Liquidate.Encode(history.Accounts[0], DevnetHistory.Usd(10_000), history.Weth.Market), liquidator));
        Assert.Contains(receipt.Logs, l => MarketEvents.Liquidate.Matches(l.Topics));
        history.Succeeded["liquidate"] = 1;
        await devnet.SetPriceAsync("WETH", 3_000);
    }
}
