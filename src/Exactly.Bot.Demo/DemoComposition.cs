using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Console;
using Exactly.Bot.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Demo;

/// <summary>
/// The bot as the demo runs it: <see cref="BotApplication.Build"/> plus the demo wallet (its page choice and its
/// <c>/s/{id}/demo-rpc</c> endpoint). Neither exists in the production bot, whatever its configuration says.
/// </summary>
public static class DemoComposition
{
    /// <summary>
    /// Builds the bot like <see cref="BotApplication.Build"/> (same arguments) and adds the demo wallet; its endpoint is mapped
    /// only when <paramref name="settings"/> name a demo account (<c>Signing:DemoWallet</c>, which <see cref="DemoEnvironment.Settings"/> sets).
    /// Given <paramref name="devnet"/>, the command table also holds <see cref="DemoCommand"/> (<c>/demo price</c>, <c>/demo warp</c>, <c>/demo sign</c>):
    /// the table is built from every registered <see cref="ICommand"/>, so adding the row here is the whole hook and the
    /// production bot never knows the command.
    /// </summary>
    public static WebApplication Build(
        string[] args,
        IEnumerable<KeyValuePair<string, string?>> settings,
        ConsoleChannel? console,
        Action<IServiceCollection>? overrides = null,
        Devnet.Devnet? devnet = null)
    {
        var app = BotApplication.Build(args, settings, console, services =>
        {
            services.AddOptions<DemoWalletOptions>().BindConfiguration("Signing");
            services.AddTransient<DemoWallet>();
            services.AddTransient<IOfferedWallet>(sp => sp.GetRequiredService<DemoWallet>());
            if (devnet is not null)
            {
                services.AddSingleton<DemoSigner>();
                services.AddScoped<ICommand>(sp => new DemoCommand(devnet, sp.GetRequiredService<Protocol.Markets.MarketCatalogue>(), sp.GetRequiredService<DemoSigner>()));
            }

            overrides?.Invoke(services);
        });
        // The demo wallet signs with an unlocked key: without a configured demo account its endpoint does not exist at all.
        if (DemoWallet.Configured(app.Configuration))
        {
            app.MapPost("/s/{id}/demo-rpc", (string id, HttpContext http, DemoWallet demo) => SigningPage.Post<JsonElement>(http, (body, ct) => demo.HandleAsync(id, http, body, ct)));
        }

        return app;
    }
}
