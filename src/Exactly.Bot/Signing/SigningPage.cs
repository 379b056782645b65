using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Signing;

/// <summary>
/// The signing page at <c>/s/{id}</c>. For now it shows the quote its session belongs to and says plainly that signing
/// is not available yet. No scripts, no third-party resources; a strict Content-Security-Policy on every response.
/// </summary>
public static class SigningPage
{
    private const string Csp = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Css = """
        body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#111}
        h1{font-size:1.3rem}table{border-collapse:collapse;width:100%}td{padding:.3rem 0;border-bottom:1px solid #ddd}
        td:last-child{text-align:right;font-variant-numeric:tabular-nums}.note{background:#fff4d6;padding:.8rem;border-radius:.4rem}
        .bad{background:#fde2e2;padding:.8rem;border-radius:.4rem}small{color:#555}
        """;

    /// <summary>Maps the page routes.</summary>
    public static IEndpointRouteBuilder MapSigningPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/s/page.css", (HttpContext http) =>
        {
            Secure(http);
            return Results.Text(Css, "text/css");
        });
        endpoints.MapGet("/s/{id}", RenderAsync);
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext http, SigningSessionStore store, TimeProvider time, CancellationToken cancellationToken)
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
        string Amount(string baseUnits) => $"{Units.Format(BigInteger.Parse(baseUnits, CultureInfo.InvariantCulture), q.Decimals, 6)} {e.Encode(q.Symbol)}";
        string Wad(string? wad) => wad is null ? "no debt" : Units.Format(BigInteger.Parse(wad, CultureInfo.InvariantCulture), 18, 2);
        var body = $"""
            <p><small>Quote for {e.Encode(q.Account)} at block {q.Block} · market {e.Encode(q.Market)}</small></p>
            <table>
            <tr><td>From your wallet</td><td>{Amount(q.Added)}</td></tr>
            <tr><td>Deposit after</td><td>{Amount(q.DepositAfter)}</td></tr>
            <tr><td>Borrow after</td><td>{Amount(q.BorrowAfter)}</td></tr>
            <tr><td>Leverage</td><td>{Wad(q.Ratio)}x</td></tr>
            <tr><td>Health factor after</td><td>{Wad(q.HealthFactorAfter)}</td></tr>
            <tr><td>Max ratio</td><td>{Wad(q.MaxRatio)}x</td></tr>
            </table>
            <p class="note">Signing from this page is not available yet: this version shows the quote only. Nothing can be signed or sent here.</p>
            <p><small>Command: {e.Encode(session.Command)} · link valid until {session.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</small></p>
            """;
        return Page(StatusCodes.Status200OK, $"Leverage {e.Encode(q.Symbol)}", body);
    }

    private static IResult Page(int status, string title, string body) => Results.Content(
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

    private static void Secure(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}
