using Exactly.Bot.Chat;
using Exactly.Bot.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Exactly.Bot.Transports.Tests;

/// <summary>Commands only the tests register (through <see cref="BotApplication.Build"/>'s overrides): a bug, and a reply with a QR code.</summary>
public static class TestCommands
{
    public static readonly Uri SigningLink = new("https://bot.example.com/s/qr-test");

    public static void Add(IServiceCollection services)
    {
        services.AddScoped<ICommand, Boom>();
        services.AddScoped<ICommand, Qr>();
    }

    /// <summary><c>/boom</c>: handling it throws, as a bug would.</summary>
    private sealed class Boom : ICommand
    {
        public string Name => "boom";

        public string Usage => "/boom";

        public string Summary => "fails, for tests";

        public string Example => "/boom";

        public Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a bug in a command");
    }

    /// <summary><c>/qr</c>: a reply with a signing link and its QR code, as a quote has.</summary>
    private sealed class Qr : ICommand
    {
        public string Name => "qr";

        public string Usage => "/qr";

        public string Summary => "a link and its QR code, for tests";

        public string Example => "/qr";

        public Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new Reply("Review and sign in your wallet.", WalletLinks.For(SigningLink), Image: WalletLinks.QrCode(SigningLink)));
    }
}
