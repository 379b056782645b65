using System.Globalization;
using Exactly.Bot.Hosting;
using Exactly.Bot.Linking;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/link [label]</c>: a single-use, 5-minute link to the bot's page where the user's wallet signs a Sign-In with Ethereum
/// message; the page links the wallet and tells the user here. Private chats only: anyone in a group could open the link and
/// tie their own wallet to the asker's account.
/// </summary>
public sealed class LinkCommand(LinkChallengeStore challenges, LinkFlow flow) : ICommand
{
    /// <inheritdoc />
    public string Name => "link";

    /// <inheritdoc />
    public string Usage => "/link [label]";

    /// <inheritdoc />
    public string Summary => "prove a wallet is yours (Sign-In with Ethereum): your default for quotes and /position (private chat)";

    /// <inheritdoc />
    public string Example => "/link main";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ChatPrivacy.IsPrivate(context.Message))
        {
            return WatchCommand.PrivateOnly("/link");
        }

        if (context.Arguments.Count > 1)
        {
            return Reply.Error($"/link takes one optional label: {Usage}.", Example);
        }

        var label = context.Arguments.Count == 1 ? context.Arguments[0] : null;
        if (label is not null && WalletArguments.LabelProblem(label) is { } problem)
        {
            return Reply.Error(problem, Example);
        }

        var challenge = await challenges.CreateAsync(ChatPrivacy.Owner(context.Message), PrivateChat.Id(context.Message.Transport, context.Message.UserId), label, cancellationToken).ConfigureAwait(false);
        var url = flow.PageUrl(challenge.Id);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Open this page with your wallet and sign one message (Sign-In with Ethereum: no transaction, no cost) to prove the wallet is yours: {url}\n" +
            $"The link works once, until {challenge.ExpiresAt.UtcDateTime:HH:mm} UTC; a new /link replaces it.");
        var links = WalletLinks.For(url).Select((l, i) => i == 0 ? l with { Label = "Link your wallet" } : l).ToArray();
        return new Reply(text, links, Image: WalletLinks.QrCode(url));
    }
}
