using System.Globalization;
using System.Text.Encodings.Web;
using Exactly.Bot.Protocol;
using Exactly.Bot.Signing;

namespace Exactly.Bot.Linking;

/// <summary>
/// The wallet-linking page at <c>/link/{id}</c> (issue 12, <c>/link</c>): same hosting, headers, styles, body cap and request
/// time limit as the signing page; its own script (<c>/s/link.js</c>) asks the wallet for one <c>personal_sign</c>.
/// </summary>
public static class LinkPage
{
    private static readonly string Script = SigningPage.Resource("linking/link.js");

    /// <summary>Maps the page, its script and its two endpoints.</summary>
    public static IEndpointRouteBuilder MapLinkPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/s/link.js", (HttpContext http) =>
        {
            SigningPage.Secure(http);
            return Results.Text(Script, "text/javascript");
        });
        endpoints.MapGet("/link/{id}", RenderAsync);
        endpoints.MapPost("/link/{id}/message", (string id, HttpContext http, LinkFlow flow) => SigningPage.Post<LinkMessageRequest>(http, (body, ct) => flow.MessageAsync(id, body, ct)));
        endpoints.MapPost("/link/{id}/verify", (string id, HttpContext http, LinkFlow flow) => SigningPage.Post<LinkVerifyRequest>(http, (body, ct) => flow.VerifyAsync(id, body, ct)));
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext http, LinkChallengeStore store, ProtocolDeployment deployment, TimeProvider time, CancellationToken cancellationToken)
    {
        SigningPage.Secure(http);
        var challenge = id.Length == 32 ? await store.FindAsync(id, cancellationToken) : null;
        if (challenge is null)
        {
            return SigningPage.Page(StatusCodes.Status404NotFound, "Link not found", "<p class=\"bad\">This link is not valid (a newer /link replaces an older one). Send /link in the chat for a new one.</p>");
        }

        if (challenge.UsedAt is not null || time.GetUtcNow() >= challenge.ExpiresAt)
        {
            return SigningPage.Page(StatusCodes.Status410Gone, "Link used or expired", "<p class=\"bad\">This link was used or has expired. Send /link in the chat for a new one; nothing was linked.</p>");
        }

        var e = HtmlEncoder.Default;
        var body = $"""
            <main data-link="{e.Encode(challenge.Id)}" data-chain="{deployment.ChainId}">
            <p>Prove that a wallet is yours, and the bot links it to your chat account: quotes and /position use it by default, and
            it is watched for health-factor alerts.</p>
            <p class="note">Your wallet asks you to sign one message (Sign-In with Ethereum). Signing sends no transaction and costs
            nothing. Check that the message names this site and chain {deployment.ChainId}.</p>
            <button id="connect">Connect wallet and sign</button>
            <section id="review" hidden><h2>The message you sign</h2><pre id="message"></pre></section>
            <p id="status" role="status" class="note">Nothing is signed without your confirmation in the wallet.</p>
            <p><small>Link valid until {challenge.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, once.</small></p>
            </main>
            <script src="/s/link.js"></script>
            """;
        return SigningPage.Page(StatusCodes.Status200OK, "Link your wallet", body);
    }
}
