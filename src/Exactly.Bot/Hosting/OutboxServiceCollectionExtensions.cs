using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exactly.Bot.Hosting;

/// <summary>Registers the shared outbox (once, whichever transport asks first).</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="UnitOfWork"/>, <see cref="OutboxStore"/>, <see cref="OutboxSignal"/>, <see cref="EventScopes"/> and the validated <see cref="OutboxOptions"/>.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<UnitOfWork>();
        services.TryAddSingleton<EventScopes>();
        return services;
    }
}
