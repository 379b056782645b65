using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Siwe;
using Exactly.Bot.Protocol;
using Exactly.Bot.Hosting;
using Exactly.Bot.Signing;

namespace Exactly.Bot.Linking;

/// <summary>The page's request for the message to sign: the connected account.</summary>
/// <param name="Account">The account the wallet connected, any case.</param>
public sealed record LinkMessageRequest(string? Account);

/// <summary>The page's request to link: the exact message text and the wallet's <c>personal_sign</c> signature (hex).</summary>
/// <param name="Message">The EIP-4361 text the wallet signed.</param>
/// <param name="Signature">65 bytes (or a contract wallet's own format), 0x-hex.</param>
public sealed record LinkVerifyRequest(string? Message, string? Signature);

/// <summary>
/// The link page's two steps. <see cref="MessageAsync"/> writes the EIP-4361 message for the connected account (the server
/// writes it because the canonical text needs the EIP-55 address, which takes keccak-256 the page does not carry): domain and
/// URI are the page's own origin (<see cref="SigningBaseUrl"/>), the configured chain, the challenge's nonce, issued now,
/// expiring with the challenge (at most 5 minutes). <see cref="VerifyAsync"/> checks the signed text with
/// <see cref="SiweVerifier"/> (ecrecover for an account without code, ERC-1271 on chain for a contract wallet), requires the
/// challenge's own nonce, then uses the challenge, links the wallet and queues the "wallet linked" message to the user's direct messages in one transaction.
/// Every refusal leaves nothing stored.
/// </summary>
public sealed partial class LinkFlow(
    LinkChallengeStore challenges, SigningBaseUrl baseUrl, ProtocolDeployment deployment, JsonRpcClient rpc, IEnumerable<IAlertChannel> channels, TimeProvider time,
    ILogger<LinkFlow> logger)
{
    private readonly IReadOnlyDictionary<string, IAlertChannel> byTransport = channels.ToDictionary(c => c.Transport, StringComparer.Ordinal);

    private const string Statement = "Link this wallet to your Exactly Bot chat account (alerts, quotes and /position). No transaction, no cost.";

    /// <summary>The page's own origin, as the message's domain and URI use it.</summary>
    public Uri Origin => new(baseUrl.BaseUrl.GetLeftPart(UriPartial.Authority));

    /// <summary>The page of a challenge: <c>{base}/link/{id}</c>.</summary>
    public Uri PageUrl(string id) => new(Origin, $"/link/{id}");

    /// <summary>The message for <paramref name="request"/>'s account to sign, or a refusal.</summary>
    public async Task<IResult> MessageAsync(string id, LinkMessageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (challenge, problem) = await LoadAsync(id, cancellationToken);
        if (challenge is null)
        {
            return problem!;
        }

        if (time.GetUtcNow() >= challenge.ExpiresAt)
        {
            return Refuse(StatusCodes.Status410Gone, "This link has expired. Send /link in the chat for a new one; nothing was linked.");
        }

        if (!Address.TryParse(request.Account, out var account, out _))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The wallet did not give an account address (0x and 40 hex digits).");
        }

        var authority = Origin.IsDefaultPort ? Origin.Host : $"{Origin.Host}:{Origin.Port}";
        var message = new SiweMessage(authority, account, Statement, PageUrl(id).AbsoluteUri, deployment.ChainId, id, time.GetUtcNow(), challenge.ExpiresAt);
        return Results.Json(new { message = message.ToString() });
    }

    /// <summary>Verifies a signed message and links its account, or refuses with a sentence (nothing stored).</summary>
    public async Task<IResult> VerifyAsync(string id, LinkVerifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (challenge, problem) = await LoadAsync(id, cancellationToken);
        if (challenge is null)
        {
            return problem!;
        }

        if (request.Message is null || Signature(request.Signature) is not { Length: > 0 and <= 4096 } signature)
        {
            return Refuse(StatusCodes.Status400BadRequest, "The request needs the signed message and its signature (0x-hex); nothing was linked.");
        }

        var verifier = new SiweVerifier(Origin, deployment.ChainId, LinkChallengeStore.Lifetime);
        var (refusal, message) = await verifier.VerifyAsync(rpc, request.Message, signature, time.GetUtcNow(), cancellationToken);
        if (refusal == SiweRefusal.None && !string.Equals(message!.Nonce, challenge.Id, StringComparison.Ordinal))
        {
            refusal = SiweRefusal.Malformed;
        }

        if (refusal != SiweRefusal.None)
        {
            LogRefused(logger, refusal);
            return Refuse(refusal == SiweRefusal.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest, Sentence(refusal) + " Nothing was linked.");
        }

        // The notice goes to the user's direct messages the way alerts do (IAlertChannel): its outbox rows commit with the link.
        var channel = byTransport.GetValueOrDefault(challenge.Owner.Transport);
        AlertMessage? notice = null;
        var (outcome, wallet) = await challenges.CompleteAsync(
            challenge,
            message!.Address,
            linked =>
            {
                notice = new AlertMessage(Notice(linked), []);
                return channel?.Render(challenge.Owner.UserId, notice, OutboxPriority.Notice) ?? [];
            },
            cancellationToken);
        if (outcome != LinkOutcome.Linked)
        {
            return outcome == LinkOutcome.Spent
                ? Refuse(StatusCodes.Status409Conflict, "This link was used or has expired. Send /link in the chat for a new one; nothing was linked.")
                : Refuse(StatusCodes.Status409Conflict, $"You watch {WatchStore.MaxWalletsPerUser} wallets already, the most one user can. Send /unwatch in the chat, then sign again; nothing was linked.");
        }

        if (channel is null)
        {
            // The link is stored; its transport is not running here, so there is no chat to tell: the page says it.
            LogNotTold(logger, challenge.Owner.Transport);
        }
        else
        {
            await channel.AfterCommitAsync(challenge.Owner.UserId, notice!, cancellationToken);
        }

        return Results.Json(new { linked = wallet!.Label, account = wallet.Address.ToString(), text = $"Linked as {wallet.Label}. You can close this page; the chat has the details." });
    }

    private static string Notice(WatchedWallet wallet) =>
        $"Linked {wallet.Label} ({Short(wallet.Address)}): proven yours with Sign-In with Ethereum. Quotes and /position use it by default; it is watched for health-factor alerts (see /alerts).";

    private async Task<(LinkChallenge? Challenge, IResult? Problem)> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var challenge = id.Length == 32 ? await challenges.FindAsync(id, cancellationToken) : null;
        return challenge switch
        {
            null => (null, Refuse(StatusCodes.Status404NotFound, "This link is not valid (a newer /link replaces an older one). Send /link in the chat for a new one.")),
            { UsedAt: not null } => (null, Refuse(StatusCodes.Status409Conflict, "This link was used already. Send /link in the chat for a new one.")),
            _ => (challenge, null),
        };
    }

    private string Sentence(SiweRefusal refusal) => refusal switch
    {
        SiweRefusal.ForeignDomain => $"The message was made for another site: its domain or URI is not {Origin.Authority}.",
        SiweRefusal.WrongChain => $"The message is for another chain; this bot links wallets on chain {deployment.ChainId}.",
        SiweRefusal.BadLifetime => $"The message must expire within {LinkChallengeStore.Lifetime.TotalMinutes:0} minutes of being issued, and not be issued in the future.",
        SiweRefusal.Expired => "The message has expired. Send /link in the chat for a new link.",
        SiweRefusal.BadSignature => "The signature is not the account's own (not its key, nor accepted by its contract wallet through ERC-1271).",
        _ => "The signed text is not the Sign-In with Ethereum message this link made.",
    };

    private static byte[]? Signature(string? hex)
    {
        try
        {
            return hex is null ? null : Hex.Decode(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Short(Address address) => $"{address.ToString()[..6]}…{address.ToString()[^4..]}";

    private static IResult Refuse(int status, string sentence) => Results.Json(new { error = sentence }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet link refused: {Refusal}")]
    private static partial void LogRefused(ILogger logger, SiweRefusal refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wallet was linked but no {Transport} transport runs here to tell the user")]
    private static partial void LogNotTold(ILogger logger, string transport);
}
