using System.Diagnostics;

namespace Exactly.Bot.Devnet;

/// <summary>
/// The repository's pinned npm tools (<c>tools/package.json</c> + <c>tools/package-lock.json</c>): the anvil binary,
/// Exactly Protocol and Uniswap V3 deployment artifacts, and viem. Installed with <c>npm ci</c> on first use.
/// </summary>
public sealed class NpmTools
{
    /// <summary>Environment variable that points at the tools folder (the one holding <c>package.json</c>).</summary>
    public const string ToolsEnvironmentVariable = "EXACTLY_BOT_TOOLS";

    static readonly SemaphoreSlim InProcessGate = new(1, 1);

    NpmTools(string root) => Root = root;

    /// <summary>Absolute path of the tools folder.</summary>
    public string Root { get; }

    /// <summary>Absolute path of <c>node_modules</c> inside the tools folder.</summary>
    public string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>Absolute path of the pinned anvil binary (<c>@foundry-rs/anvil-linux-amd64</c>).</summary>
    public string AnvilPath => Path.Combine(NodeModules, "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    /// <summary>Absolute path of a file inside an installed package, e.g. <c>("@exactly/protocol", "deployments/optimism/Auditor.json")</c>.</summary>
    public string PackageFile(string package, string relativePath) =>
        Path.Combine(NodeModules, package, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Finds the tools folder (<see cref="ToolsEnvironmentVariable"/>, else the first <c>tools/package.json</c> found walking up
    /// from the current directory and from <see cref="AppContext.BaseDirectory"/>) and runs <c>npm ci --ignore-scripts</c> there
    /// when <c>node_modules</c> is missing, incomplete or installed from another lockfile. A file lock (<c>tools/.install.lock</c>) keeps parallel processes from
    /// installing at once. Throws <see cref="InvalidOperationException"/> with a sentence saying what to do when the folder or
    /// npm cannot be found or the install fails.
    /// </summary>
    public static async Task<NpmTools> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        var tools = new NpmTools(FindRoot(
            Environment.GetEnvironmentVariable(ToolsEnvironmentVariable), [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]));
        if (tools.IsInstalled())
            return tools;
        await InProcessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await InstallLock.AcquireAsync(Path.Combine(tools.Root, ".install.lock"), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if (!tools.IsInstalled())
                await tools.InstallAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            InProcessGate.Release();
        }
        return tools;
    }

    /// <summary>The tools folder: <paramref name="configured"/> if set, else the first <c>tools/</c> with a lockfile above a start directory.</summary>
    internal static string FindRoot(string? configured, IReadOnlyList<string> startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "package.json"))
                ? full
                : throw new InvalidOperationException($"{ToolsEnvironmentVariable} is set to '{full}', but that folder has no package.json. Point it at the repository's tools/ folder or unset it.");
        }
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools");
                if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "package-lock.json")))
                    return candidate;
            }
        }
        throw new InvalidOperationException($"Cannot find the repository's tools/package.json above {string.Join(" or ", startDirectories.Select(d => $"'{d}'"))}. Run from inside the repository or set {ToolsEnvironmentVariable}.");
    }

    // Written after a successful npm ci: the SHA-256 of the package-lock.json it installed. A missing or different stamp
    // (first use, interrupted install, lockfile changed by a pull) means install again.
    string StampPath => Path.Combine(NodeModules, ".exactly-bot-lock.sha256");

    string LockfileHash() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, "package-lock.json"))));

    bool IsInstalled() =>
        File.Exists(StampPath)
        && string.Equals(File.ReadAllText(StampPath).Trim(), LockfileHash(), StringComparison.Ordinal)
        && File.Exists(AnvilPath);

    async Task InstallAsync(CancellationToken cancellationToken)
    {
        // --ignore-scripts: @exactly/protocol's postinstall builds contracts we do not need; the anvil binary needs no script.
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("npm was not found on PATH; install Node.js 20+ with npm to let the devnet install its tools.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0 || !File.Exists(AnvilPath))
                throw new InvalidOperationException($"'npm ci' in {Root} failed (exit code {process.ExitCode}):{Environment.NewLine}{output}");
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(AnvilPath, File.GetUnixFileMode(AnvilPath) | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(StampPath, LockfileHash(), cancellationToken).ConfigureAwait(false);
    }
}
