using Microsoft.Playwright;

namespace Exactly.Bot.Signing.Tests;

/// <summary>Drives the page the way a person does: connect, read, sign, send, wait.</summary>
public static class Flow
{
    public static async Task RunAsync(IPage page, string? screenshots)
    {
        await page.ClickAsync("#connect");
        await page.WaitForSelectorAsync("#review:not([hidden])", new() { Timeout = 30_000 });
        if (screenshots is not null)
        {
            await SigningFixture.ScreenshotAsync(page, $"signing-2-review-{screenshots}.png");
        }

        await SignAndSendAsync(page, screenshots);
    }

    /// <summary>From the review (permits shown, every step before them done): sign, send, wait until mined.</summary>
    public static async Task SignAndSendAsync(IPage page, string? screenshots)
    {
        await page.ClickAsync("#sign");
        // A refusal shows on the page long before the time limit: fail with its sentence rather than a bare timeout.
        await page.WaitForFunctionAsync(
            "() => !document.querySelector('#send').hidden || document.querySelector('#status').className === 'bad'",
            null,
            new() { Timeout = 30_000 });
        Assert.False(await page.GetAttributeAsync("#status", "class") == "bad", await page.InnerTextAsync("#status"));
        if (screenshots is not null)
        {
            await SigningFixture.ScreenshotAsync(page, $"signing-3-simulated-{screenshots}.png");
        }

        await page.ClickAsync("#sendtx");
        await page.WaitForSelectorAsync("#result[data-state^='Mined']", new() { Timeout = 60_000 });
        if (screenshots is not null)
        {
            await SigningFixture.ScreenshotAsync(page, $"signing-4-confirmed-{screenshots}.png");
        }
    }

    /// <summary>Sends every follow-up step the page offers (redeem the rest, clear a leftover allowance) until none is left.</summary>
    public static async Task FinishFollowUpsAsync(IPage page)
    {
        for (var i = 0; i < 4; i++)
        {
            if (await page.GetAttributeAsync("#result", "data-state") == "Mined-complete")
            {
                return;
            }

            var before = await page.InnerTextAsync("#followups");
            await page.ClickAsync("#followups button:not([disabled])");
            await page.WaitForFunctionAsync(
                "b => document.querySelector('#followups').innerText !== b || document.querySelector('#result').dataset.state === 'Mined-complete' || document.querySelector('#status').className === 'bad'",
                before,
                new() { Timeout = 60_000 });
            Assert.False(await page.GetAttributeAsync("#status", "class") == "bad", await page.InnerTextAsync("#status"));
        }

        Assert.Equal("Mined-complete", await page.GetAttributeAsync("#result", "data-state"));
    }
}
