using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Quotes;
using Exactly.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// The signing page at <c>/s/{id}</c> and its JSON endpoints. Only the bot's own script and styles (<c>/s/app.js</c>,
/// <c>/s/page.css</c>); a strict Content-Security-Policy on every response; nothing stored in the browser.
/// </summary>
public static class SigningPage
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The longest one API request may take: 20 seconds.</summary>
    public static readonly TimeSpan RequestTimeLimit = TimeSpan.FromSeconds(20);

    private static readonly string Script = Resource("signing/app.js");
    private static readonly string Css = Resource("signing/page.css");

    /// <summary>Maps the page, its assets and its endpoints.</summary>
    public static IEndpointRouteBuilder MapSigningPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/s/page.css", (HttpContext http) => Asset(http, Css, "text/css"));
        endpoints.MapGet("/s/app.js", (HttpContext http) => Asset(http, Script, "text/javascript"));
        endpoints.MapGet("/s/{id}", RenderAsync);
        endpoints.MapPost("/s/{id}/connect", (string id, HttpContext http, ConnectStep step) => Post<ConnectRequest>(http, (body, ct) => step.ConnectAsync(id, body, ct)));
        endpoints.MapPost("/s/{id}/sign", (string id, HttpContext http, SignStep step) => Post<SignRequest>(http, (body, ct) => step.SignAsync(id, body, ct)));
        endpoints.MapPost("/s/{id}/submitted", (string id, HttpContext http, SubmitStep step) => Post<SubmittedRequest>(http, (body, ct) => step.SubmittedAsync(id, body, ct)));
        endpoints.MapGet("/s/{id}/status", (string id, string? token, HttpContext http, AfterSteps after) => Api(http, ct => after.StatusAsync(id, token, ct)));
        endpoints.MapPost("/s/{id}/before", (string id, HttpContext http, BeforeSteps before) => Post<SubmittedRequest>(http, (body, ct) => before.DoneAsync(id, body, ct)));
        endpoints.MapPost("/s/{id}/followup", (string id, HttpContext http, AfterSteps after) => Post<SubmittedRequest>(http, (body, ct) => after.DoneAsync(id, body, ct)));
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext http, SigningSessionStore store, ProtocolDeployment deployment, TimeProvider time, CancellationToken cancellationToken)
    {
        Secure(http);
        var session = id.Length == 22 ? await store.FindAsync(id, cancellationToken) : null;
        if (session is null)
        {
            return Page(StatusCodes.Status404NotFound, "Link not found", "<p class=\"bad\">This signing link is not valid. Ask the bot for a new quote.</p>");
        }

        if (time.GetUtcNow() >= session.ExpiresAt)
        {
            return Page(StatusCodes.Status410Gone, "Link expired", "<p class=\"bad\">This signing link has expired. Ask the bot for a new quote; nothing was signed.</p>");
        }

        var q = session.Quote;
        var e = HtmlEncoder.Default;
        string Units6(string baseUnits, int decimals, string symbol) => $"{Units.Format(BigInteger.Parse(baseUnits, CultureInfo.InvariantCulture), decimals, 6)} {e.Encode(symbol)}";
        string Amount(string baseUnits) => Units6(baseUnits, q.Decimals, q.Symbol);
        var deleverage = q.Kind is "deleverage" or "crossdeleverage";
        var pair = q.IsCross ? $"{q.Symbol}/{q.BorrowSymbol}" : q.Symbol;
        string Wad(string? wad) => wad is null ? "no debt" : Units.Format(BigInteger.Parse(wad, CultureInfo.InvariantCulture), 18, 2);
        // Only the demo registers an offered wallet (and its endpoint): the production bot has neither.
        var demoAccount = http.RequestServices.GetService<IOfferedWallet>() is { } offered ? await offered.AccountAsync(cancellationToken) : null;
        var first = deleverage
            ? $"<tr><td>To your wallet</td><td>{(q.WithdrawAll ? "everything" : Amount(q.Withdraw ?? "0"))}</td></tr>"
            : $"<tr><td>From your wallet</td><td>{Amount(q.Added)}</td></tr>";
        var body = $"""
            <main data-session="{e.Encode(session.Id)}" data-chain="{deployment.ChainId}" data-demo="{(demoAccount is null ? string.Empty : "1")}">
            <p><small>Quoted in the chat for {e.Encode(q.Account)} at block {q.Block}</small></p>
            <table>
            {first}
            <tr><td>Deposit after</td><td>{Amount(q.DepositAfter)}</td></tr>
            <tr><td>Borrow after</td><td>{(q.IsCross ? Units6(q.BorrowAfter, q.BorrowDecimals, q.BorrowSymbol!) : Amount(q.BorrowAfter))}</td></tr>
            <tr><td>Leverage</td><td>{Wad(q.Ratio)}x</td></tr>
            <tr><td>Health factor after</td><td>{Wad(q.HealthFactorAfter)}</td></tr>
            {(deleverage ? string.Empty : $"<tr><td>Max ratio</td><td>{LeverageQuoter.FormatRatio(BigInteger.Parse(q.MaxRatio, CultureInfo.InvariantCulture), floor: true)}</td></tr>")}
            </table>
            <section id="wallet">
            <button id="connect">Connect wallet</button>
            <button id="demo" hidden>Use the demo wallet (local devnet only)</button>
            </section>
            <p id="status" role="status" class="note">Connect the wallet that should sign. Nothing is signed or sent without your confirmation in the wallet.</p>
            <section id="review" hidden>
            <h2>Re-quoted for <code id="account"></code></h2>
            <div id="changed" hidden><p class="bad">The position changed since the chat quote:</p><ul id="differences"></ul></div>
            <p id="unchanged" hidden>Same figures as in the chat.</p>
            <div id="before" hidden><h2>First, one step in your wallet</h2><div id="beforesteps"></div></div>
            <h2>What you sign</h2>
            <div id="permits"></div>
            <button id="sign">Sign</button>
            </section>
            <section id="send" hidden><h2>Transaction</h2><p id="txsummary"></p><button id="sendtx">Send the transaction</button></section>
            <section id="result" hidden><h2>Sent</h2><p>Transaction <code id="txhash"></code></p><pre id="outcome"></pre><div id="followups"></div></section>
            <p><small>Command: {e.Encode(session.Command)} · link valid until {session.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · chain {deployment.ChainId} · spender {deployment.DebtManager}</small></p>
            </main>
            <script src="/s/app.js"></script>
            """;
        var title = deleverage ? $"Deleverage {e.Encode(pair)}" : $"Leverage {e.Encode(pair)}";
        return Page(StatusCodes.Status200OK, title, body);
    }

    /// <summary>
    /// Runs one API request within <see cref="RequestTimeLimit"/>: every endpoint makes a handful of chain reads and never waits
    /// on the chain, so a node that stalls ends the request with a sentence instead of holding it.
    /// </summary>
    private static async Task<IResult> Api(HttpContext http, Func<CancellationToken, Task<IResult>> handle)
    {
        Secure(http);
        using var timeout = new CancellationTokenSource(RequestTimeLimit, http.RequestServices.GetRequiredService<TimeProvider>());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, timeout.Token);
        try
        {
            return await handle(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            return PageAnswers.Refuse(StatusCodes.Status503ServiceUnavailable, $"The chain did not answer within {RequestTimeLimit.TotalSeconds:0} seconds. Try again in a moment.");
        }
    }

    /// <summary>A POST endpoint: its body read with <see cref="PageBody"/>'s cap before <paramref name="handle"/> sees it. Internal: the demo's wallet endpoint uses it too.</summary>
    internal static async Task<IResult> Post<T>(HttpContext http, Func<T, CancellationToken, Task<IResult>> handle)
    {
        Secure(http);
        var (body, problem) = await PageBody.ReadAsync<T>(http);
        return problem ?? await Api(http, ct => handle(body!, ct));
    }

    private static IResult Asset(HttpContext http, string content, string type)
    {
        Secure(http);
        return Results.Text(content, type);
    }

    internal static IResult Page(int status, string title, string body) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title} · Exactly Bot</title><link rel="stylesheet" href="/s/page.css"></head>
        <body><h1>{title}</h1>
        {body}
        </body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);

    internal static void Secure(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    internal static string Resource(string name)
    {
        using var stream = typeof(SigningPage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
