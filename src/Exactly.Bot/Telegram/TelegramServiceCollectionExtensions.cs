using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Exactly.Bot.Telegram;

/// <summary>Registers the Telegram transport (DESIGN.md #4).</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Bot API client (Telegram.Bot over our HttpClient, logging off: the token is in its URLs), polling or webhook,
    /// the outbox worker with flood control, and the <see cref="IChatSender"/> for <c>telegram</c>. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>().BindConfiguration("Telegram").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(TelegramBotClient), (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.PollTimeoutSeconds + 30))
            .RemoveAllLoggers()
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                // RetryThreshold 0: Telegram.Bot would otherwise sleep through a 429 itself and retry, hiding it from our flood control.
                var client = new TelegramBotClientOptions(o.Token, o.BaseUrl.ToString().TrimEnd('/')) { RetryThreshold = 0 };
                return new TelegramBotClient(client, http);
            });
        services.AddOutbox();
        services.AddSingleton<TelegramIdentity>();
        services.AddSingleton<TelegramFloodControl>();
        services.AddSingleton<TelegramRenderer>();
        services.AddSingleton<TelegramSetup>();
        // Scoped: one per update, created at the edge (the poller's EventScopes, the webhook's request).
        services.AddScoped<TelegramUpdateProcessor>();
        services.AddSingleton<TelegramDelivery>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<TelegramSender>());
        services.AddSingleton<IAlertChannel, TelegramAlertChannel>();
        // AddSingleton, not AddHostedService: TryAddEnumerable would drop a second OutboxWorker (Discord's).
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<OutboxWorker>(sp, sp.GetRequiredService<TelegramDelivery>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<TelegramOptions>>().Value.IsWebhook
            ? (IHostedService)new WebhookSetupService(sp.GetRequiredService<TelegramSetup>())
            : ActivatorUtilities.CreateInstance<TelegramPoller>(sp));
        return services;
    }

    /// <summary>In webhook mode only the start-up calls run in the background; updates arrive at the endpoint.</summary>
    private sealed class WebhookSetupService(TelegramSetup setup) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => setup.RunAsync(stoppingToken);
    }
}
