using Exactly.Bot.Protocol.Permits;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>Registers the signing flow: ledger, guard, planner, simulator, page services and the receipt watcher.</summary>
public static class SigningServices
{
    /// <summary>Adds everything the page's endpoints and the receipt watcher need.</summary>
    public static IServiceCollection AddSigningFlow(this IServiceCollection services)
    {
        services.AddSingleton<SigningSessionLedger>();
        services.AddSingleton<SigningLinks>();
        services.AddSingleton<PermitGuard>();
        services.AddTransient<SigningPlanner>();
        services.AddTransient<CrossSigningPlanner>();
        services.AddTransient<SessionPlanner>();
        services.AddTransient<TransactionSimulator>();
        services.AddSingleton<SessionLoader>();
        services.AddSingleton<PlanResolver>();
        services.AddSingleton<OutcomePoster>();
        services.AddTransient<WalletSteps>();
        services.AddTransient<ConnectStep>();
        services.AddTransient<SignStep>();
        services.AddTransient<SubmitStep>();
        services.AddTransient<BeforeSteps>();
        services.AddTransient<AfterSteps>();
        services.AddTransient<PlannedTransactions>();
        services.AddSingleton<StatusCache>();
        services.AddSingleton<ReceiptWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ReceiptWatcher>());
        return services;
    }
}
