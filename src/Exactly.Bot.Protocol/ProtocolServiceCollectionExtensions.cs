using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Protocol;

/// <summary>Registers the protocol layer (DESIGN.md #4), with its options validated at start (#3).</summary>
public static class ProtocolServiceCollectionExtensions
{
    /// <summary>Chain options (section <c>Chain</c>), the deployment, the JSON-RPC client over <see cref="ChainOptions.RpcUrls"/>, markets and quoters.</summary>
    public static IServiceCollection AddProtocol(this IServiceCollection services)
    {
        services.AddOptions<ChainOptions>().BindConfiguration("Chain").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChainOptions>>().Value.ToDeployment());
        // One setting for operators (Chain:RpcUrls); the Ethereum layer's pipeline adds retries and failover across them.
        services.AddEthereumRpc();
        services.AddOptions<EthereumRpcOptions>().Configure<IOptions<ChainOptions>>((rpc, chain) =>
        {
            if (rpc.Urls.Count == 0)
            {
                foreach (var url in chain.Value.RpcUrls)
                {
                    rpc.Urls.Add(url.ToString());
                }
            }
        });
        services.AddSingleton<MarketCatalogue>();
        services.AddTransient<LeverageQuoter>();
        services.AddSingleton<DebtManagerProbe>();
        services.AddTransient<DeleverageQuoter>();
        services.AddTransient<CrossQuoter>();
        services.AddTransient<MarketReader>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
