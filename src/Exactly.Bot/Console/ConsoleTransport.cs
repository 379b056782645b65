using System.Globalization;
using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exactly.Bot.Console;

/// <summary>
/// The console skin: one chat line per input line, replies on standard output, logs stay on standard error.
/// When input ends (e.g. <c>printf … |</c>) it stops the application. Each line is an inbound event with its own DI scope.
/// </summary>
public sealed class ConsoleTransport(EventScopes scopes, ConsoleChannel channel, ConsoleSender sender, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>The user id console lines carry (the demo links it to the devnet's demo wallet).</summary>
    public const string UserId = "console";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the web server bind first so links carry its real address.
        await channel.Ready.WaitAsync(stoppingToken);
        var lineNumber = 0;
        var run = Guid.NewGuid().ToString("N");
        while (!stoppingToken.IsCancellationRequested)
        {
            var line = await channel.Input.ReadLineAsync(stoppingToken);
            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            // Line numbers restart with each run on the same database: the run id keeps dedupe keys (and sessions) apart.
            var message = new ChatMessage("console", "console", UserId, line, $"{run}:{lineNumber.ToString(CultureInfo.InvariantCulture)}");
            var reply = await scopes.RunAsync<ChatBot, Reply>(bot => bot.HandleAsync(message, stoppingToken));
            await sender.SendAsync(message.ChatId, reply, stoppingToken);
        }

        lifetime.StopApplication();
    }

    /// <summary>Text, then each link on its own line.</summary>
    internal static string Render(Reply reply) =>
        reply.Text + string.Concat(reply.Links.Where(l => !reply.Text.Contains(l.Url.ToString(), StringComparison.Ordinal)).Select(l => $"\n[{l.Label}] {l.Url}")) + "\n";
}

/// <summary>Registers the console skin (DESIGN.md #4).</summary>
public static class ConsoleServiceCollectionExtensions
{
    /// <summary>Adds the console transport on <paramref name="console"/> and its <see cref="IChatSender"/>.</summary>
    public static IServiceCollection AddConsoleTransport(this IServiceCollection services, ConsoleChannel console)
    {
        services.AddSingleton(console);
        services.AddSingleton<ConsoleSender>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<ConsoleSender>());
        services.TryAddSingleton<EventScopes>();
        services.AddHostedService<ConsoleTransport>();
        return services;
    }
}

/// <summary>The console's input and output (standard streams in the app, pipes in tests) and a start signal.</summary>
public sealed class ConsoleChannel(TextReader input, TextWriter output)
{
    /// <summary>Where chat lines come from.</summary>
    public TextReader Input { get; } = input;

    /// <summary>Where replies go.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Completed once the web server listens and the banner is printed.</summary>
    public TaskCompletionSource ReadySource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>See <see cref="ReadySource"/>.</summary>
    public Task Ready => ReadySource.Task;
}
