using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Discord;

/// <summary>Registers the Discord transport (DESIGN.md #4).</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Adds the REST client (logging off: webhook URLs carry tokens), the signature verifier, the interaction handler and
    /// worker, command registration, the outbox worker and the <see cref="IChatSender"/> for <c>discord</c>.
    /// </summary>
    public static IServiceCollection AddDiscord(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>().BindConfiguration("Discord").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<DiscordClient>(http => http.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddOutbox();
        services.AddSingleton<DiscordRateLimiter>();
        services.AddSingleton(sp => new Ed25519Verifier(sp.GetRequiredService<IOptions<DiscordOptions>>().Value.PublicKey));
        services.AddSingleton<DiscordAutocomplete>();
        // Scoped: one per interaction (the endpoint's request) or deferred job (the worker's EventScopes).
        services.AddScoped<DiscordInteractionHandler>();
        services.AddSingleton<DiscordDeferredJobs>();
        services.AddSingleton<DiscordDelivery>();
        services.AddSingleton<DiscordSender>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<DiscordSender>());
        services.AddSingleton<IAlertChannel, DiscordAlertChannel>();
        services.AddSingleton<IHostedService, DiscordSetup>();
        services.AddSingleton<IHostedService, DiscordInteractionWorker>();
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<OutboxWorker>(sp, sp.GetRequiredService<DiscordDelivery>()));
        return services;
    }
}
