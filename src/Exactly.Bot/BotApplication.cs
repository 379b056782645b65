using System.Globalization;
using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Configuration;
using Exactly.Bot.Console;
using Exactly.Bot.Discord;
using Exactly.Bot.Protocol;
using Exactly.Bot.Linking;
using Exactly.Bot.Signing;
using Exactly.Bot.Telegram;
using Microsoft.Extensions.Options;

namespace Exactly.Bot;

/// <summary>
/// Builds and runs the bot in <c>run</c> mode (the configured chain). The demo is its own program (<c>src/Exactly.Bot.Demo</c>),
/// which composes the same <see cref="Build"/> over a local devnet: this assembly carries no devnet code.
/// </summary>
public static partial class BotApplication
{
    /// <summary>The command-line usage.</summary>
    public const string Usage = """
        Usage: Exactly.Bot run
          run    start with the configured chain (appsettings.json, environment variables such as Chain__RpcUrls__0)
        The demo (a local chain with Exactly Protocol, the signing page and a console chat) is its own program:
          dotnet run --project src/Exactly.Bot.Demo
        """;

    /// <summary>Runs the mode named by <c>args[0]</c>; returns the process exit code (2 for bad usage or configuration, 1 when a fault stopped the bot).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await RunModeAsync(args, output, cancellationToken);
        }
        catch (Exception ex) when (ConfigurationErrors(ex) is { Count: > 0 } errors)
        {
            // A missing or bad setting is the operator's to fix: say which, without a stack trace.
            await error.WriteLineAsync("The bot cannot start; fix these settings:\n  " + string.Join("\n  ", errors));
            return 2;
        }
    }

    private static List<string> ConfigurationErrors(Exception exception) =>
        (exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception])
        .OfType<OptionsValidationException>()
        .SelectMany(e => e.Failures)
        .Select(f => f.Replace("DataAnnotation validation failed for ", string.Empty, StringComparison.Ordinal))
        .Select(f => f.Contains("with the error: '", StringComparison.Ordinal) ? f[(f.IndexOf("with the error: '", StringComparison.Ordinal) + 17)..].TrimEnd('.', '\'') : f)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    private static async Task<int> RunModeAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        switch (args.FirstOrDefault())
        {
            case "run":
                await using (var app = Build(args[1..], [], console: null, runMode: true))
                {
                    app.Lifetime.ApplicationStarted.Register(() => LogRunning(app));
                    return await RunUntilStoppedAsync(app);
                }

            default:
                await output.WriteLineAsync(Usage);
                return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
        }
    }

    /// <summary>
    /// Runs <paramref name="app"/> until it stops and returns the process exit code: 0 for a requested shutdown, 1 when a
    /// background service failed and so stopped the host (a supervisor must see the crash, not a clean exit).
    /// </summary>
    public static async Task<int> RunUntilStoppedAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Not RunAsync: it disposes the services, and the failed service must be looked at first.
        try
        {
            await app.StartAsync();
        }
        catch (OperationCanceledException) when (ExitCode(app.Services) != 0)
        {
            // A service that faulted while the others were still starting stopped the host mid-start (Kestrel's bind is
            // cancelled): that is the same crash, not a shutdown.
            return ExitCode(app.Services);
        }

        await app.WaitForShutdownAsync();
        return ExitCode(app.Services);
    }

    /// <summary>1 when any background service of the host ended in a fault, else 0.</summary>
    public static int ExitCode(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;

    /// <summary>
    /// Builds the web application with every module. <paramref name="settings"/> override configuration (the demo's devnet
    /// addresses, tests' temporary paths); <paramref name="console"/> adds the console transport; <paramref name="overrides"/>
    /// runs last on the services (tests inject a <see cref="TimeProvider"/> they move, or a failing part). <paramref name="runMode"/>
    /// requires a public https signing URL and sends HSTS.
    /// </summary>
    public static WebApplication Build(
        string[] args, IEnumerable<KeyValuePair<string, string?>> settings, ConsoleChannel? console, Action<IServiceCollection>? overrides = null, bool runMode = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        // Replies own standard output; every log line goes to standard error.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddProtocol().AddStorage().AddSigning(requirePublicBaseUrl: runMode).AddChat().AddAlerts().AddLinking();
        // run mode: the console skin too when Console__Enabled=true (it stops the bot when standard input ends).
        var consoleInRunMode = console is null && builder.Configuration.GetValue<bool>("Console:Enabled");
        if (consoleInRunMode)
        {
            console = new ConsoleChannel(System.Console.In, System.Console.Out);
        }

        if (builder.Configuration.GetSection("Telegram").GetChildren().Any(c => !string.IsNullOrEmpty(c.Value)))
        {
            builder.Services.AddTelegram();
        }

        if (builder.Configuration.GetSection("Discord").GetChildren().Any(c => !string.IsNullOrEmpty(c.Value)))
        {
            builder.Services.AddDiscord();
        }

        if (console is not null)
        {
            builder.Services.AddConsoleTransport(console);
            builder.Services.AddSingleton<IAlertChannel, ConsoleAlertChannel>();
        }

        overrides?.Invoke(builder.Services);
        var app = builder.Build();
        if (runMode)
        {
            // The page is served behind the operator's TLS proxy, so the request itself may look like http: the header goes on
            // every response when the public URL is https (browsers ignore it over plain http, so it cannot lock anyone out).
            var signing = app.Services.GetRequiredService<IOptions<SigningOptions>>();
            app.Use((context, next) =>
            {
                if (signing.Value.PublicBaseUrl?.Scheme == Uri.UriSchemeHttps)
                {
                    context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
                }

                return next(context);
            });
        }

        if (consoleInRunMode)
        {
            app.Lifetime.ApplicationStarted.Register(() => console!.ReadySource.TrySetResult());
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapSigningPage();
        app.MapLinkPage();
        app.MapTelegramWebhook();
        app.MapDiscordInteractions();
        return app;
    }

    private static void LogRunning(WebApplication app)
    {
        var chain = app.Services.GetRequiredService<IOptions<ChainOptions>>().Value;
        var hosts = string.Join(", ", chain.RpcUrls.Select(u => u.Host));
        var signing = app.Services.GetRequiredService<SigningBaseUrl>().BaseUrl;
        // Hosts only: the rest of an RPC URL usually carries an API key.
        LogStarted(app.Logger, chain.ChainId, hosts, signing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exactly Bot running on chain {ChainId} through JSON-RPC host(s) {RpcHosts}; signing links at {SigningBaseUrl}")]
    private static partial void LogStarted(ILogger logger, long chainId, string rpcHosts, Uri signingBaseUrl);

    /// <summary>Formats a number for the banner.</summary>
    internal static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
