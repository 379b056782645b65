using System.Diagnostics;
using System.Text.Json.Nodes;
using Exactly.Bot.Devnet;

namespace Exactly.Bot.Ethereum.Tests.CrossCheck;

/// <summary>Runs viem (tools/node_modules, pinned by the lockfile) in node on a batch of inputs and returns its vectors.</summary>
public static class Viem
{
    public static async Task<JsonObject> RunAsync(JsonObject input, CancellationToken cancellationToken = default) =>
        (await RunScriptAsync(Path.Combine("CrossCheck", "viem-vectors.cjs"), input, cancellationToken)).AsObject();

    /// <summary>Runs a node script of this test project's output (relative path) with <paramref name="input"/> on stdin.</summary>
    public static async Task<JsonNode> RunScriptAsync(string script, JsonNode input, CancellationToken cancellationToken = default)
    {
        var tools = await NpmTools.EnsureInstalledAsync(cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
        start.Environment["EXACTLY_TOOLS_DIR"] = tools.Root;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await stderr}");
        }

        return JsonNode.Parse(await stdout)!;
    }
}
