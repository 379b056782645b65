using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// THE equality test: health computed from logs equals <c>Auditor.accountLiquidity</c> read from chain, to the wei, for every
/// account at every checkpoint of a seeded random history (both protocol generations).
/// </summary>
public sealed class LogHealthEngineEqualityTests(ITestOutputHelper output)
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
        await history.SetUpAsync();
        var watched = history.Accounts.Concat(devnet.Accounts.Take(3)).Append(new Address(Keccak256.Hash("never seen").AsSpan(12))).ToArray();
        // The engine's own check covers every watched account at every block (accountLiquidity in the same pinned call).
        var engine = new LogHealthEngine(devnet.Rpc, deployment, indexer, batched, new LogHealthOptions { BackfillPagesPerBlock = int.MaxValue, SampleSize = watched.Length });
        var random = new Random(seed);
        var (compared, withDebt, blocks, maxRequests) = (0, 0, new HashSet<long>(), 0);

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
            var chain = local;
            for (var attempt = 0; round > 0; attempt++)
            {
                // anvil's eth_call timestamp drifts from call to call (foundry-rs/foundry#11017) and interest moves with it:
                // compare calls that executed with the same block.timestamp, evaluating again until they do.
                (chain, var executedAt) = await ReferenceAsync(devnet, deployment, watched, block);
                if (executedAt == engine.LastStates!.Timestamp || attempt == 20)
                    break;
                local = await engine.EvaluateAsync(watched, block);
            }
            // The first evaluation re-validates after the proxies' Upgraded events (deployment) and answers from chain.
            if (engine.DivergedAccount is { } diverged)
                Assert.Fail($"{engine.Divergence}\n{await DiagnoseAsync(devnet, indexer, engine, diverged, block)}");
            Assert.True(engine.LastWasLocal || round == 0, $"block {block.Number}: the fallback answered");
            var differences = watched.Where(a => chain.Readings.GetValueOrDefault(a) != local.Readings.GetValueOrDefault(a))
                .Select(a => $"{a}: local {local.Readings.GetValueOrDefault(a)}, chain {chain.Readings.GetValueOrDefault(a)}").ToArray();
            if (differences.Length > 0)
                Assert.Fail($"block {block.Number}, round {round}: {differences.Length} differ; {string.Join("; ", differences.Take(2))}\n{await DiagnoseAsync(devnet, indexer, engine, watched.First(a => chain.Readings.GetValueOrDefault(a) != local.Readings.GetValueOrDefault(a)), block)}");
            compared += watched.Length;
            if (round > 0)
                maxRequests = Math.Max(maxRequests, local.RpcRequests);
            withDebt += chain.Readings.Values.Count(r => r.Debt > 0);
            blocks.Add(block.Number);
        }

        output.WriteLine($"{generation}: {watched.Length} accounts × {blocks.Count} blocks compared; {engine.Verified} verified in the engine's own calls; " +
            $"{engine.TimestampSkews} calls ran with a block.timestamp other than the header's; requests per steady block: max {maxRequests}");
        var untrusted = Enumerable.Range(0, indexer.Book.Count).Where(indexer.Book.IsUntrusted).Select(indexer.Book.AddressOf).ToArray();
        output.WriteLine($"untrusted (read from chain): {string.Join(", ", untrusted)}");
        Assert.True(blocks.Count >= 50);
        // One eth_getLogs (by hash) and one eth_call whatever the number of accounts; when several blocks were mined since the
        // last evaluation (every round here), a header read (is the applied head still canonical?) and one or two range pages.
        Assert.InRange(maxRequests, 2, 5);
        Assert.Empty(untrusted);
        Assert.False(engine.Diverged, engine.Divergence);
        Assert.Equal(1, engine.Revalidations);
        Assert.True(engine.Verified >= (Rounds - 1) * watched.Length, $"{engine.Verified} accounts verified in the engine's own calls");
        // The history really exercised every rule: each kind of operation succeeded, fixed debt went overdue, someone was liquidated.
        foreach (var kind in new[] { "deposit", "redeem", "transfer", "borrow", "repay", "refund", "borrowAtMaturity", "repayAtMaturity", "enterMarket", "exitMarket", "liquidate" })
            Assert.True(history.Succeeded.GetValueOrDefault(kind) > 0, $"no successful {kind}: {string.Join(", ", history.Succeeded)}");
        Assert.True(withDebt > Rounds * 50, $"{withDebt} readings with debt");
        Assert.True(compared >= Accounts * 50);
    }

    /// <summary>accountLiquidity of every account in one call pinned to the block, and the block.timestamp it executed with.</summary>
    static async Task<(HealthEvaluation, long)> ReferenceAsync(Devnet.Devnet devnet, ProtocolDeployment deployment, Address[] accounts, BlockHeader block)
    {
        var calls = accounts.Select(a => new Multicall3Call(deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)))
            .Prepend(new Multicall3Call(deployment.Multicall3, Multicall3.GetCurrentBlockTimestamp.Encode(), AllowFailure: false)).ToArray();
        var options = new Multicall3Options { MaxCallsPerChunk = calls.Length, GasBudgetPerChunk = long.MaxValue };
        var results = await devnet.Rpc.AggregateAsync(calls, block.Pin, options, deployment.Multicall3);
        var readings = accounts.Select((a, i) => (a, r: results[i + 1])).Where(x => x.r.Success).ToDictionary(
            x => x.a, x => AuditorAbi.AccountLiquidity.Decode(x.r.ReturnData) is var v ? new LiquidityReading(x.a, (BigInteger)v[0]!, (BigInteger)v[1]!) : null!);
        return (new HealthEvaluation(block, readings, 1), (long)(BigInteger)Multicall3.GetCurrentBlockTimestamp.Decode(results[0].ReturnData)[0]!);
    }

    static async Task<string> DiagnoseAsync(Devnet.Devnet devnet, LogIndexer indexer, LogHealthEngine engine, Address account, BlockHeader block)
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
            var direct = await devnet.Rpc.ReadAsync(new[] { MarketAbi.TotalAssets, MarketAbi.TotalSupply, MarketAbi.TotalFloatingBorrowAssets, MarketAbi.TotalFloatingBorrowShares }
                .Select(f => new ContractCall(m, f)).ToArray(), block.Pin);
            lines.Add($"market {i}: engine state {engine.LastStates?.States[i]} (block {engine.LastStates?.Block.Number}); direct {string.Join("/", direct.Select(d => d[0]))}");
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
