namespace Exactly.Bot.Chat.Commands;

/// <summary><c>/start</c>: the greeting Telegram sends when someone opens the bot; says what it does and how to begin.</summary>
public sealed class StartCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "start";

    /// <inheritdoc />
    public string Usage => "/start";

    /// <inheritdoc />
    public string Summary => "what this bot does and how to begin";

    /// <inheritdoc />
    public string Example => "/start";

    /// <inheritdoc />
    public Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken) => Task.FromResult(Reply.Plain(
        "Exactly Bot quotes leverage on Exactly Protocol from the live contracts, and hands you a link to sign in your own wallet; " +
        "it never holds your keys.\n\n" +
        "/markets — assets, prices, rates, max leverage\n" +
        "/leverage 3x USDC 100 — deposit 100 USDC at 3x\n" +
        "/deleverage 1x USDC — repay all debt\n" +
        "/position — your positions and health factor\n" +
        "/help — every command"));
}
