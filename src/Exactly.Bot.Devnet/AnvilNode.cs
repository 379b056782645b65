using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Devnet;

/// <summary>
/// A running <c>anvil</c> process on 127.0.0.1 and a free port, with a JSON-RPC client pointed at it. Disposing kills the
/// process (and anything it spawned) and waits for it to exit.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    const int MaxOutputChars = 8_000;
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    readonly Process process;
    readonly HttpClient http;
    readonly TimeProvider time;
    readonly StringBuilder output = new();
    int disposed;

    AnvilNode(Process process, Uri rpcUrl, TimeProvider time)
    {
        this.process = process;
        this.time = time;
        RpcUrl = rpcUrl;
        http = new HttpClient { BaseAddress = rpcUrl, Timeout = TimeSpan.FromSeconds(60) };
        Rpc = new JsonRpcClient(http);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The node's HTTP JSON-RPC endpoint, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri RpcUrl { get; }

    /// <summary>A client for <see cref="RpcUrl"/>.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>The anvil process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>
    /// Starts anvil and returns once it answers <c>eth_chainId</c> with <see cref="DevnetOptions.ChainId"/>.
    /// </summary>
    /// <param name="anvilPath">The anvil binary.</param>
    /// <param name="options">Chain id, mnemonic, accounts and gas settings.</param>
    /// <param name="cancellationToken">Cancels the start; the process is killed.</param>
    /// <exception cref="InvalidOperationException">anvil exited or did not answer within 30 s; the message carries its output.</exception>
    public static async Task<AnvilNode> StartAsync(string anvilPath, DevnetOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The port is picked by binding port 0 and releasing it; another process could grab it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(anvilPath, options, FreePort());
            try
            {
                await node.WaitUntilReadyAsync(options.ChainId, cancellationToken).ConfigureAwait(false);
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.process.HasExited)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    static AnvilNode Launch(string anvilPath, DevnetOptions options, int port)
    {
        var start = new ProcessStartInfo(anvilPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--mnemonic", options.Mnemonic,
            "--accounts", options.Accounts.ToString(CultureInfo.InvariantCulture),
            "--balance", options.AccountBalanceEther.ToString(CultureInfo.InvariantCulture),
            "--silent",
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (options.BlockGasLimit is { } gasLimit)
        {
            start.ArgumentList.Add("--gas-limit");
            start.ArgumentList.Add(gasLimit.ToString(CultureInfo.InvariantCulture));
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"anvil did not start from '{anvilPath}'.");
        return new AnvilNode(process, new Uri($"http://127.0.0.1:{port}/"), options.Time);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    async Task WaitUntilReadyAsync(long chainId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
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
        lock (output)
        {
            if (output.Length < MaxOutputChars)
                output.AppendLine(line);
        }
    }

    string Output()
    {
        lock (output)
            return output.Length == 0 ? "(no output)" : output.ToString();
    }

    // A test host that exits without disposing must not leave anvil running.
    void OnProcessExit(object? sender, EventArgs e) => Kill();

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
        process.Dispose();
        http.Dispose();
    }
}
