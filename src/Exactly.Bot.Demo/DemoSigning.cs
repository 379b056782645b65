using System.Globalization;
using System.Text;
using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Signing;

namespace Exactly.Bot.Demo;

/// <summary>
/// One run of the page's script for <see cref="DemoSigner"/>: connect the demo wallet, send the steps before signing, sign each
/// permit, have the server check and simulate, send the transaction, wait until it is mined, send the steps after it.
/// </summary>
internal sealed class DemoSigning(DemoSigner.PageClient page, SigningSession session)
{
    public async Task<Reply> RunAsync(CancellationToken cancellationToken)
    {
        var account = (await page.WalletAsync("eth_requestAccounts", [], cancellationToken).ConfigureAwait(false))[0].GetString()!;
        var chainId = long.Parse((await page.WalletAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false)).GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var opened = await page.CallAsync("connect", new { account, chainId }, cancellationToken).ConfigureAwait(false);
        var token = opened.GetProperty("token").GetString()!;
        var log = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Demo wallet {account[..6]}…{account[^4..]} on the page for {session.Command} (anvil signs; the bot holds no key):"));
        foreach (var difference in opened.GetProperty("differences").EnumerateArray())
        {
            log.Append("\n  changed since the quote: ").Append(difference.GetString());
        }

        var before = opened;
        while (before.TryGetProperty("before", out var steps) && steps.ValueKind == JsonValueKind.Array && steps.GetArrayLength() > 0)
        {
            var step = steps[0];
            var hash = await SendAsync(step.GetProperty("tx"), cancellationToken).ConfigureAwait(false);
            log.Append("\n  sent first: ").Append(step.GetProperty("label").GetString());
            before = await page.CallAsync("before", new { token, hash }, cancellationToken).ConfigureAwait(false);
        }

        if (before.TryGetProperty("beforeProblem", out var problem) && problem.ValueKind == JsonValueKind.String)
        {
            throw new PageRefusedException(problem.GetString()!);
        }

        var signatures = new List<string>();
        foreach (var permit in opened.GetProperty("permits").EnumerateArray())
        {
            // The very typed data the page renders and a wallet would show, as the page's script passes it.
            var typedData = permit.GetProperty("typedData").GetRawText();
            signatures.Add((await page.WalletAsync("eth_signTypedData_v4", [account, typedData], cancellationToken).ConfigureAwait(false)).GetString()!);
        }

        var signed = await page.CallAsync("sign", new { token, chainId, signatures }, cancellationToken).ConfigureAwait(false);
        log.Append(CultureInfo.InvariantCulture, $"\n  signed {signatures.Count} permit{(signatures.Count == 1 ? string.Empty : "s")}; the server checked them and simulated the transaction");
        var txHash = await SendAsync(signed.GetProperty("tx"), cancellationToken).ConfigureAwait(false);
        await page.CallAsync("submitted", new { token, hash = txHash }, cancellationToken).ConfigureAwait(false);
        log.Append("\n  sent ").Append(txHash);
        var status = await MinedAsync(token, cancellationToken).ConfigureAwait(false);
        while (status.TryGetProperty("followUps", out var after) && after.ValueKind == JsonValueKind.Array && after.GetArrayLength() > 0)
        {
            var step = after[0];
            var hash = await SendAsync(step.GetProperty("tx"), cancellationToken).ConfigureAwait(false);
            log.Append("\n  then: ").Append(step.GetProperty("label").GetString());
            status = await page.CallAsync("followup", new { token, hash }, cancellationToken).ConfigureAwait(false);
        }

        var state = status.GetProperty("status").GetString();
        log.Append(state == "Mined" ? "\n  mined; the result is posted here." : $"\n  {state}: {Text(status, "problem") ?? Text(status, "outcome") ?? "the transaction failed."}");
        return new Reply(log.ToString(), [], IsError: state != "Mined");
    }

    private async Task<string> SendAsync(JsonElement tx, CancellationToken cancellationToken) =>
        (await page.WalletAsync("eth_sendTransaction", [tx], cancellationToken).ConfigureAwait(false)).GetString()!;

    private async Task<JsonElement> MinedAsync(string token, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await page.CallAsync($"status?token={Uri.EscapeDataString(token)}", null, cancellationToken).ConfigureAwait(false);
            if (status.GetProperty("status").GetString() is "Mined" or "Failed")
            {
                return status;
            }

            await page.DelayAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}
