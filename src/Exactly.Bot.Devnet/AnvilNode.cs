using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Devnet;

/// <summary>
/// A running <c>anvil</c> process on 127.0.0.1 and a port anvil bound itself (<c>--port 0</c>), with a JSON-RPC client
/// pointed at it. Disposing kills the process (and anything it spawned) and waits for it to exit.
/// </summary>
/// <remarks>
/// The port is read from anvil's own <c>Listening on 127.0.0.1:PORT</c> line. Picking a free port beforehand (bind port 0,
/// release, pass it to anvil) let two devnets share one chain: a second anvil that lost the port race exited, but the
/// readiness ping had already been answered by the first one on that port (same chain id).
/// </remarks>
public sealed class AnvilNode : IAsyncDisposable
{
    const int MaxOutputChars = 8_000;
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    static readonly Regex Listening = new(@"^Listening on 127\.0\.0\.1:(\d+)\s*$", RegexOptions.CultureInvariant);

    readonly Process process;
    readonly string cachePath;
    readonly TimeProvider time;
    readonly LinkedList<string> output = new();
    readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    HttpClient? http;
    int outputChars;
    int disposed;

    AnvilNode(Process process, string cachePath, TimeProvider time)
    {
        this.process = process;
        this.cachePath = cachePath;
        this.time = time;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The node's HTTP JSON-RPC endpoint, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri RpcUrl { get; private set; } = null!;

    /// <summary>A client for <see cref="RpcUrl"/>.</summary>
    public JsonRpcClient Rpc { get; private set; } = null!;

    /// <summary>
    /// The directory anvil moves older block states to (<c>--cache-path</c>), inside the temp folder; removed once the
    /// process has exited.
    /// </summary>
    public string CachePath => cachePath;

    /// <summary>The anvil process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>
    /// Starts anvil and returns once it has printed the port it listens on and answers <c>eth_chainId</c> there with
    /// <see cref="DevnetOptions.ChainId"/>.
    /// </summary>
    /// <param name="anvilPath">The anvil binary.</param>
    /// <param name="options">Chain id, mnemonic, accounts and gas settings.</param>
    /// <param name="cancellationToken">Cancels the start; the process is killed.</param>
    /// <exception cref="InvalidOperationException">anvil exited or did not answer within 30 s; the message carries its output.</exception>
    public static async Task<AnvilNode> StartAsync(string anvilPath, DevnetOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var node = Launch(anvilPath, options);
        try
        {
            await node.WaitUntilReadyAsync(options.ChainId, cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    static AnvilNode Launch(string anvilPath, DevnetOptions options)
    {
        var start = new ProcessStartInfo(anvilPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Not --silent: that also hides the "Listening on" line. anvil then logs one line per request, which Append keeps
        // only the tail of.
        // anvil moves older block states to disk under ~/.foundry/anvil/tmp and removes them only on a clean exit; killed, it
        // left hundreds of MB per devnet there (76 GB in a day of test runs filled the disk). A directory of our own is
        // removed after the process is gone, however it ended.
        var cachePath = Path.Combine(Path.GetTempPath(), $"exactly-anvil-{Guid.NewGuid():N}");
        Directory.CreateDirectory(cachePath);
        string[] arguments =
        [
            "--host", "127.0.0.1",
            "--port", "0",
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--mnemonic", options.Mnemonic,
            "--accounts", options.Accounts.ToString(CultureInfo.InvariantCulture),
            "--balance", options.AccountBalanceEther.ToString(CultureInfo.InvariantCulture),
            "--color", "never",
            "--cache-path", cachePath,
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (options.BlockGasLimit is { } gasLimit)
        {
            start.ArgumentList.Add("--gas-limit");
            start.ArgumentList.Add(gasLimit.ToString(CultureInfo.InvariantCulture));
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"anvil did not start from '{anvilPath}'.");
        return new AnvilNode(process, cachePath, options.Time);
    }

    async Task WaitUntilReadyAsync(long chainId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (!port.Task.IsCompleted)
        {
            if (process.HasExited)
            {
                // The exit can be seen before the last lines are read; give the reader a moment so the message has them.
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"anvil exited with code {process.ExitCode} before it listened: {Output()}");
            }
            if (time.GetElapsedTime(started) >= StartTimeout)
                throw new InvalidOperationException($"anvil did not say where it listens within {StartTimeout.TotalSeconds:0} s: {Output()}");
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }

        RpcUrl = new Uri($"http://127.0.0.1:{port.Task.Result.ToString(CultureInfo.InvariantCulture)}/");
        http = new HttpClient { BaseAddress = RpcUrl, Timeout = TimeSpan.FromSeconds(60) };
        Rpc = new JsonRpcClient(http);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"anvil exited with code {process.ExitCode} before answering on {RpcUrl}: {Output()}");
            try
            {
                var answered = await Rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
                if (answered != chainId)
                    throw new InvalidOperationException($"anvil on {RpcUrl} answered chain id {answered}, expected {chainId}.");
                return;
            }
            catch (RpcException) when (time.GetElapsedTime(started) < StartTimeout)
            {
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw new InvalidOperationException($"anvil did not answer on {RpcUrl} within {StartTimeout.TotalSeconds:0} s: {Output()}", e);
            }
        }
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        if (!port.Task.IsCompleted && Listening.Match(line) is { Success: true } match)
            port.TrySetResult(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        lock (output)
        {
            output.AddLast(line);
            outputChars += line.Length + 1;
            while (outputChars > MaxOutputChars && output.Count > 1)
            {
                outputChars -= output.First!.Value.Length + 1;
                output.RemoveFirst();
            }
        }
    }

    /// <summary>The last lines anvil printed (up to 8,000 characters), for error messages.</summary>
    string Output()
    {
        lock (output)
            return output.Count == 0 ? "(no output)" : string.Join('\n', output);
    }

    // A test host that exits without disposing must not leave anvil running.
    void OnProcessExit(object? sender, EventArgs e)
    {
        Kill();
        if (process.WaitForExit(TimeSpan.FromSeconds(5)))
            DeleteCache();
    }

    void DeleteCache()
    {
        try
        {
            Directory.Delete(cachePath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover directory in the temp folder is not worth failing a test run for.
        }
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills anvil and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Leave it to the OS; we asked for a kill.
        }
        if (process.HasExited)
            DeleteCache();
        process.Dispose();
        http?.Dispose();
    }
}
