using Exactly.Bot.Chat;
using Exactly.Bot.Chat.Commands;
using Exactly.Bot.Signing;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Configuration;

/// <summary>Each module registers itself (DESIGN.md #4), with its options validated at start (#3).</summary>
public static class ServiceRegistration
{
    /// <summary>The command table, its commands and the dispatcher every transport calls.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        // Scoped, like the commands: one per inbound event, created at the transport's edge.
        services.AddScoped<ChatBot>();
        services.AddScoped(sp => new Lazy<ChatBot>(sp.GetRequiredService<ChatBot>));
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
