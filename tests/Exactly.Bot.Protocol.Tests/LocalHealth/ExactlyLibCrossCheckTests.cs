using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Tests.CrossCheck;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// The local engine's <c>accountLiquidity</c> (<see cref="LocalLiquidity"/>) against an independent implementation:
/// Exactly's own BigInt port, <c>@exactly/lib</c> (npm, pinned in tools/), run in node on generated snapshots.
/// </summary>
public sealed class ExactlyLibCrossCheckTests(ITestOutputHelper output)
{
    const int RandomSnapshots = 3_000;

    [Fact]
    public async Task AccountLiquidity_RandomAndEdgeSnapshots_EqualsExactlyLibToTheWei()
    {
        var generator = new SnapshotGenerator(13);
        var snapshots = Enumerable.Range(0, RandomSnapshots).Select(_ => generator.Random()).Concat(LiquiditySnapshotEdges.Valid()).ToArray();

        var lib = await RunAsync(snapshots);

        for (var i = 0; i < snapshots.Length; i++)
        {
            var snapshot = snapshots[i];
            var local = snapshot.EvaluateLocally();
            var answer = lib[i];
            Assert.True(local is not null, $"#{i} ({snapshot.Kind}): the engine cannot evaluate it; {snapshot.ToJson().ToJsonString()}");
            Assert.True(answer["error"] is null, $"#{i} ({snapshot.Kind}): the lib threw {answer["error"]}");
            var (collateral, debt) = local.Value;
            var expected = $"#{i} ({snapshot.Kind}) {snapshot.ToJson().ToJsonString()}";
            Assert.True(collateral == Big(answer, "collateral"), $"collateral {collateral} vs lib {answer["collateral"]}: {expected}");
            Assert.True(debt == Big(answer, "debt"), $"debt {debt} vs lib {answer["debt"]}: {expected}");
            // The lib answers 2^256 − 1 for "no debt"; the engine answers null (infinite).
            Assert.Equal(Big(answer, "healthFactor"), HealthFactor.Of(collateral, debt) ?? ExactMath.MaxUint256);
        }

        // The snapshots exercised every rule (counted, so a generator change that drops one fails here).
        var markets = snapshots.SelectMany(s => s.Markets.Select(m => (s.Timestamp, m))).ToArray();
        var overdue = markets.Count(x => x.m.PenaltyRate > 0 && x.m.Fixed.Any(f => x.Timestamp > f.Maturity));
        var dueNow = markets.Count(x => x.m.Fixed.Any(f => x.Timestamp == f.Maturity));
        var floating = markets.Count(x => x.m.BorrowShares > 0);
        var notEntered = markets.Count(x => !x.m.Entered && x.m.Shares > 0);
        var withDebt = snapshots.Zip(lib).Count(p => Big(p.Second, "debt") > 0);
        output.WriteLine($"{snapshots.Length} snapshots ({RandomSnapshots} random, {snapshots.Length - RandomSnapshots} edges), {markets.Length} markets: " +
            $"{withDebt} with debt, {floating} floating borrows, {overdue} overdue fixed borrows with a penalty, {dueNow} due exactly now, {notEntered} deposits not entered");
        Assert.True(withDebt > RandomSnapshots / 2 && floating > 1_000 && overdue > 500 && dueNow > 100 && notEntered > 1_000);
    }

    [Fact]
    public async Task AccountLiquidity_ProductBeyond256Bits_CannotEvaluateWhereExactlyLibStillAnswers()
    {
        var snapshots = LiquiditySnapshotEdges.Overflowing().ToArray();

        var lib = await RunAsync(snapshots);

        // The contracts revert on these (solmate's mulDiv checks its 256-bit product, Solidity 0.8 checks + and *): the engine
        // says "cannot evaluate". The lib computes in unbounded BigInt and answers a figure the chain never gives.
        for (var i = 0; i < snapshots.Length; i++)
        {
            Assert.True(snapshots[i].EvaluateLocally() is null, $"{snapshots[i].Kind}: the engine evaluated it");
            Assert.True(lib[i]["error"] is null, $"{snapshots[i].Kind}: the lib threw {lib[i]["error"]}");
            output.WriteLine($"{snapshots[i].Kind}: lib answers collateral {lib[i]["collateral"]}, debt {lib[i]["debt"]}");
        }

        // The edge just inside: the same snapshot with a product of exactly 2^256 − 1 is evaluated, and equals the lib.
        var inside = LiquiditySnapshotEdges.Valid().Single(s => s.Kind == "collateral product exactly 2^256 - 1");
        Assert.Equal(Big((await RunAsync([inside]))[0], "collateral"), inside.EvaluateLocally()!.Value.Collateral);
    }

    [Fact]
    public async Task AccountLiquidity_DebtInAMarketNotEntered_ExactlyLibCountsItWhereTheAuditorDoesNot()
    {
        var snapshot = LiquiditySnapshotEdges.DebtNotEntered();

        var lib = (await RunAsync([snapshot]))[0];

        // The lib adds every market's debt (it takes Previewer.exactly(), where isCollateral only gates collateral); the
        // Auditor loops over entered markets. Unreachable on chain (borrowing enters, exitMarket needs zero debt), so the
        // cross-check keeps debt in entered markets; this pins where the two would part.
        var local = snapshot.EvaluateLocally()!.Value;
        var withoutUnentered = (snapshot with { Markets = [snapshot.Markets[0]] }).EvaluateLocally()!.Value;
        Assert.Equal(withoutUnentered, local);
        Assert.Equal(local.Collateral, Big(lib, "collateral"));
        Assert.True(Big(lib, "debt") > local.Debt, $"lib debt {lib["debt"]}, engine {local.Debt}");
    }

    static BigInteger Big(JsonNode node, string name) => BigInteger.Parse(node[name]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>@exactly/lib's answers for <paramref name="snapshots"/>, in order.</summary>
    internal static async Task<JsonNode[]> RunAsync(IReadOnlyList<LiquiditySnapshot> snapshots)
    {
        var input = new JsonObject { ["snapshots"] = new JsonArray(snapshots.Select(s => (JsonNode)s.ToJson()).ToArray()) };
        var answer = await Viem.RunScriptAsync(Path.Combine("LocalHealth", "exactly-lib-liquidity.cjs"), input);
        Assert.Equal("0.1.0", answer["version"]!.GetValue<string>());
        return answer["results"]!.AsArray().Select(r => r!).ToArray();
    }
}
