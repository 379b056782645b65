using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>Registers the JSON-RPC client (DESIGN.md #3, #4): options validated at start, resilience and failover in the pipeline.</summary>
public static class EthereumRpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds a typed <see cref="JsonRpcClient"/> whose HttpClient goes through <see cref="RpcResilienceHandler"/>.
    /// Options bind from <see cref="EthereumRpcOptions.Section"/> when an <see cref="IConfiguration"/> is registered, then
    /// <paramref name="configure"/> runs; they are validated when the host starts (a sentence names the bad setting).
    /// </summary>
    public static IServiceCollection AddEthereumRpc(this IServiceCollection services, Action<EthereumRpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<EthereumRpcOptions>();
        // IEnumerable: empty (nothing to bind) when no IConfiguration is registered, e.g. a bare ServiceCollection.
        options.Configure<IEnumerable<IConfiguration>>((o, configurations) =>
        {
            if (configurations.LastOrDefault()?.GetSection(EthereumRpcOptions.Section) is { } section && section.Exists())
            {
                section.Bind(o);
            }
        });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EthereumRpcOptions>, EthereumRpcOptionsValidator>());

        services.AddHttpClient<JsonRpcClient>((provider, http) =>
            {
                var o = provider.GetRequiredService<IOptions<EthereumRpcOptions>>().Value;
                // The handler picks the URL per attempt; BaseAddress only gives HttpClient a target to start from.
                http.BaseAddress = new Uri(o.Urls[0]);
                http.Timeout = o.TotalTimeout;
            })
            .AddHttpMessageHandler(provider => new RpcResilienceHandler(
                provider.GetRequiredService<IOptions<EthereumRpcOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILogger<RpcResilienceHandler>>()))
            // The factory's own logging writes every request URI (path and all, where the API key usually is) and its scope;
            // our handler logs attempts by host only.
            .RemoveAllLoggers();
        return services;
    }
}
