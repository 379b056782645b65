using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exactly.Bot.Hosting;

/// <summary>Registers the shared outbox (once, whichever transport asks first).</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OutboxStore"/> and <see cref="OutboxSignal"/>.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxStore>();
        return services;
    }
}
