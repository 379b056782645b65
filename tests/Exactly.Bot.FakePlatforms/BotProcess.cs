using System.Diagnostics;

namespace Exactly.Bot.FakePlatforms;

/// <summary>The bot as a real process in <c>run</c> mode, pointed at a fake Telegram, so it can be killed with SIGKILL.</summary>
public static class BotProcess
{
    /// <summary>
    /// Starts the bot on <paramref name="databasePath"/>, talking to <paramref name="telegram"/>, with no chain unless
    /// <paramref name="settings"/> (configuration keys such as <c>Chain:RpcUrls:0</c>, given to the child as environment
    /// variables) names one.
    /// </summary>
    public static Process Start(string botDll, FakeTelegramServer telegram, string databasePath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(botDll);
        info.ArgumentList.Add("run");
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["Chain__RpcUrls__0"] = "http://127.0.0.1:9/";
        info.Environment["Storage__Path"] = databasePath;
        // Run mode requires a public signing URL; loopback http is the one plain-http address it accepts.
        info.Environment["Signing__PublicBaseUrl"] = "http://127.0.0.1:8080";
        info.Environment["Telegram__Token"] = telegram.Token;
        info.Environment["Telegram__BaseUrl"] = telegram.BaseUrl.ToString();
        info.Environment["Telegram__BotUsername"] = telegram.Options.BotUsername;
        info.Environment["Telegram__PollTimeoutSeconds"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        // Drain the pipes so the child never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)))
            {
                Errors.Add(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Error log lines seen from children (for the report).</summary>
    public static System.Collections.Concurrent.ConcurrentBag<string> Errors { get; } = [];

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: graceful shutdown (finishes in-flight work, persists the offset).</summary>
    public static async Task TerminateAsync(Process process, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process);
        }
    }

    /// <summary>The bot's build output next to this program (both are built by the test project).</summary>
    public static string DefaultDll() => Path.Combine(AppContext.BaseDirectory, "Exactly.Bot.dll");
}
