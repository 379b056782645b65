namespace Exactly.Bot.Alerts;

/// <summary>Registers the alerts room (issue 12): watched wallets and their rules; the monitor registers here too.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>Adds the watched-wallet store (needs the database and a <see cref="TimeProvider"/>).</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<WatchStore>();
        return services;
    }
}
