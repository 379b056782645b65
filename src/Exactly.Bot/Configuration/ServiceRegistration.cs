using Exactly.Bot.Chat;
using Exactly.Bot.Chat.Commands;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Signing;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Configuration;

/// <summary>Each module registers itself (DESIGN.md #4), with its options validated at start (#3).</summary>
public static class ServiceRegistration
{
    /// <summary>Chain options, the JSON-RPC client, and the protocol layer (markets, quotes).</summary>
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

    /// <summary>The command table, its commands and the dispatcher every transport calls.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton<ChatBot>();
        services.AddOptions<LimitOptions>().BindConfiguration("Limits").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuoteLimiter>();
        services.AddSingleton<ChatSenders>();
        services.AddSingleton<IOutcomeSender, ChatOutcomeSender>();
        services.AddSingleton<WalletDirectory>();
        services.AddScoped<CommandTable>();
        services.AddScoped<ICommand, HelpCommand>();
        services.AddScoped<ICommand, LeverageCommand>();
        services.AddScoped<ICommand, DeleverageCommand>();
        services.AddScoped<ICommand, MarketsCommand>();
        services.AddScoped<ICommand, PositionCommand>();
        services.AddScoped<ICommand, StartCommand>();
        services.AddScoped<ICommand, WatchCommand>();
        services.AddScoped<ICommand, UnwatchCommand>();
        services.AddScoped<ICommand, WalletsCommand>();
        services.AddScoped<ICommand, AlertCommand>();
        services.AddScoped<ICommand, AlertsCommand>();
        services.AddScoped<ICommand, SnoozeCommand>();
        services.AddScoped<ICommand, LinkCommand>();
        services.AddScoped<CrossAssetGate>();
        services.AddScoped<ICommand>(sp => ActivatorUtilities.CreateInstance<DirectionCommand>(sp, true));
        services.AddScoped<ICommand>(sp => ActivatorUtilities.CreateInstance<DirectionCommand>(sp, false));
        return services;
    }

    /// <summary>Signing sessions and the page's settings; <paramref name="requirePublicBaseUrl"/> in run mode.</summary>
    public static IServiceCollection AddSigning(this IServiceCollection services, bool requirePublicBaseUrl = false)
    {
        services.AddOptions<SigningOptions>().BindConfiguration("Signing").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SigningOptions>>(new SigningOptionsValidator(requirePublicBaseUrl));
        services.AddSingleton<SigningBaseUrl>();
        services.AddSingleton<SigningSessionStore>();
        services.AddSigningFlow();
        return services;
    }

    /// <summary>The SQLite database.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new Database(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Path));
        services.AddOptions<RetentionOptions>().BindConfiguration("Retention").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return services;
    }
}
