using Exactly.Bot.Alerts;
using Exactly.Bot.Console;
using Exactly.Bot.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exactly.Bot.Demo;

/// <summary>
/// The demo's composition: a fresh devnet (<see cref="DemoEnvironment"/>), the bot built by <see cref="BotApplication.Build"/>
/// pointed at it, and the console chat on <c>input</c>/<c>output</c>. Lives outside <c>Exactly.Bot</c> so the production
/// bot carries no devnet code.
/// </summary>
public static class DemoApplication
{
    /// <summary>
    /// Starts the devnet and the bot, prints the banner, answers each input line until input ends (or
    /// <paramref name="cancellationToken"/> fires), then stops the chain. Returns the process exit code: 0, or 1 when a
    /// background service faulted (see <see cref="BotApplication.ExitCode"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var demo = await DemoEnvironment.StartAsync(cancellationToken);
        var channel = new ConsoleChannel(input, output);
        await using var app = DemoComposition.Build(
            args, demo.Settings, channel, services => services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DemoBlocks>(sp, demo.Devnet)), demo.Devnet);
        await app.StartAsync(cancellationToken);
        // The demo wallet is the console user's own (configuration links it for quotes): watched and linked, so a price the
        // demo moves reaches the console as an alert.
        await app.Services.GetRequiredService<WatchStore>().WatchAsync(
            new WalletOwner("console", ConsoleTransport.UserId), demo.Devnet.DemoWallet, "demo", linked: true, cancellationToken);
        await output.WriteLineAsync(demo.Banner(app.Services.GetRequiredService<SigningBaseUrl>().BaseUrl));
        await output.FlushAsync(cancellationToken);
        channel.ReadySource.SetResult();
        await app.WaitForShutdownAsync(cancellationToken);
        return BotApplication.ExitCode(app.Services);
    }
}
