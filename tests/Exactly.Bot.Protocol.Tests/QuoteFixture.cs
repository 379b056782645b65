using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;

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
        Deployment = Devnet.Deployment.ToProtocolDeployment();
        Catalogue = new MarketCatalogue(Devnet.Rpc, Deployment, TimeProvider.System);
        Probe = new DebtManagerProbe(Devnet.Rpc, Deployment);
        Leverage = new LeverageQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
        Deleverage = new DeleverageQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
        Cross = new CrossQuoter(Devnet.Rpc, Deployment, Probe, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        Catalogue?.Dispose();
        Probe?.Dispose();
        if (devnet is not null)
            await devnet.DisposeAsync();
    }

    public async Task<MarketInfo> MarketAsync(string symbol) => (await Catalogue.FindAsync(symbol))!;

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
