using Exactly.Bot.Hosting;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Alerts;

/// <summary>Registers the alerts room (issue 12): watched wallets and their rules, the monitor, the position history.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the watched-wallet store, the position history, the <see cref="IHealthEngine"/> (unless one is registered):
    /// <see cref="StoredLogHealthEngine"/> (local health from logs, checkpointed in SQLite, the batched reads as its verifier
    /// and fallback) or, with <c>Alerts:Engine=batched</c>, <see cref="BatchedLiquidityEngine"/> alone; the outbox and the
    /// <see cref="AlertMonitor"/> with its validated <see cref="AlertOptions"/> (section <c>Alerts</c>). Transports register
    /// their <see cref="IAlertChannel"/>.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WatchStore>();
        services.AddSingleton<PositionHistory>();
        services.AddSingleton<PositionReader>();
        services.AddSingleton<LiquidationReader>();
        services.AddTransient<FixQuoter>();
        services.AddSingleton<AlertFacts>();
        services.AddSingleton<BlockNotices>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<BatchedLiquidityEngine>(sp));
        services.TryAddSingleton<ILocalHealthStore, SqliteLocalHealthStore>();
        services.TryAddSingleton<StoredLogHealthEngine>();
        services.TryAddSingleton<IHealthEngine>(sp => sp.GetRequiredService<IOptions<AlertOptions>>().Value.Engine == "batched"
            ? sp.GetRequiredService<BatchedLiquidityEngine>()
            : sp.GetRequiredService<StoredLogHealthEngine>());
        services.AddOutbox();
        services.AddSingleton<AlertMonitor>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AlertMonitor>());
        return services;
    }
}
