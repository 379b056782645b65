using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>One devnet (0.2.15) per test class and the protocol layer pointed at it, as the bot wires it.</summary>
public class QuoteFixture : IAsyncLifetime
{
    public virtual ProtocolGeneration Generation => ProtocolGeneration.V0215;

    Devnet.Devnet? devnet;

    public Devnet.Devnet Devnet => devnet ?? throw new InvalidOperationException("The devnet has not started.");

    public ProtocolDeployment Deployment { get; private set; } = null!;

    public MarketCatalogue Catalogue { get; private set; } = null!;

    public DebtManagerProbe Probe { get; private set; } = null!;

    public LeverageQuoter Leverage { get; private set; } = null!;

    public DeleverageQuoter Deleverage { get; private set; } = null!;

    public CrossQuoter Cross { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        devnet = await Exactly.Bot.Devnet.Devnet.StartAsync(new DevnetOptions { Generation = Generation });
        await PrepareAsync(Devnet);
        Deployment = Devnet.Deployment.ToProtocolDeployment();
        Catalogue = new MarketCatalogue(Devnet.Rpc, Deployment, TimeProvider.System);
        Probe = new DebtManagerProbe(Devnet.Rpc, Deployment);
        Leverage = new LeverageQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
        Deleverage = new DeleverageQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
        Cross = new CrossQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
    }

    /// <summary>Changes the chain after the deployment and before the protocol layer first reads it.</summary>
    protected virtual Task PrepareAsync(Devnet.Devnet devnet) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Catalogue?.Dispose();
        Probe?.Dispose();
        if (devnet is not null)
            await devnet.DisposeAsync();
    }

    public async Task<MarketInfo> MarketAsync(string symbol) => (await Catalogue.FindAsync(symbol))!;

    /// <summary>Plans <paramref name="operation"/> at chain time (deadlines follow the chain, not the wall clock); asserts it succeeds.</summary>
    public async Task<(SigningPlan Plan, PermitGuard Guard)> PlanAsync(Operation operation)
    {
        var outcome = await PlanOutcomeAsync(operation);
        Assert.True(outcome.Plan.IsSuccess, outcome.Plan.Error);
        return (outcome.Plan.Value!, outcome.Guard);
    }

    /// <summary>Plans <paramref name="operation"/> at chain time, success or not.</summary>
    public async Task<(Outcome<SigningPlan> Plan, PermitGuard Guard)> PlanOutcomeAsync(Operation operation)
    {
        var time = ChainClock.At(await Devnet.TimestampAsync());
        var guard = new PermitGuard(Deployment, time);
        var planner = new SigningPlanner(Devnet.Rpc, Deployment, Catalogue, guard, Probe, time);
        return (await planner.PlanAsync(operation), guard);
    }

    /// <summary>A cross-asset planner and its guard at chain time (deadlines follow the chain, not the wall clock).</summary>
    public async Task<(CrossSigningPlanner Planner, PermitGuard Guard)> CrossPlannerAsync()
    {
        var time = ChainClock.At(await Devnet.TimestampAsync());
        var guard = new PermitGuard(Deployment, time);
        return (new CrossSigningPlanner(Devnet.Rpc, Deployment, Catalogue, guard, Probe, time), guard);
    }

    /// <inheritdoc cref="Devnet.OnSnapshotAsync"/>
    public Task OnSnapshotAsync(Func<Task> body) => Devnet.OnSnapshotAsync(body);

    /// <summary>Sends from an unlocked dev account with the devnet's 50 % gas headroom.</summary>
    public Task<TransactionReceipt> SendAsync(Address from, Address to, AbiFunction function, params object?[] arguments) =>
        Devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));

    public async Task<BigInteger> ReadAsync(Address to, AbiFunction function, params object?[] arguments) =>
        (BigInteger)(await Devnet.Rpc.CallAsync(to, function, arguments))[0]!;

    /// <summary>Mints <paramref name="amount"/> of the market's asset to <paramref name="account"/> and levers it to <paramref name="ratio"/> on chain.</summary>
    public async Task OpenSameAssetAsync(Address account, MarketInfo market, BigInteger amount, BigInteger ratio)
    {
        await Devnet.MintAsync(market.Asset, account, amount);
        var quote = (await Leverage.QuoteAsync(account, market, amount, ratio)).Value!;
        var shares = await ReadAsync(market.Market, MarketAbi.PreviewWithdraw, quote.BorrowAfter - quote.BorrowBefore);
        await SendAsync(account, market.Asset, Erc20Abi.Approve, Deployment.DebtManager, amount);
        await SendAsync(account, market.Market, Erc20Abi.Approve, Deployment.DebtManager, shares);
        await SendAsync(account, Deployment.DebtManager, DebtManagerAbi.Leverage, market.Market, amount, ratio);
    }
}

/// <summary>The same, on a devnet running the current generation (0.2.24 artifacts).</summary>
public sealed class CurrentQuoteFixture : QuoteFixture
{
    public override ProtocolGeneration Generation => ProtocolGeneration.Current;
}
