using System.Globalization;
using Exactly.Bot.Console;
using Exactly.Bot.Devnet;

namespace Exactly.Bot.Demo;

/// <summary>The demo's world: a devnet with Exactly deployed, and the settings that point the bot at it.</summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly string databasePath;

    private DemoEnvironment(Devnet.Devnet devnet, ProtocolGeneration generation, string databasePath)
    {
        Devnet = devnet;
        Generation = generation;
        this.databasePath = databasePath;
        var d = devnet.Deployment;
        Settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Chain:ChainId"] = d.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Chain:RpcUrls:0"] = devnet.RpcUrl.ToString(),
            ["Chain:Auditor"] = d.Auditor.ToString(),
            ["Chain:DebtManager"] = d.DebtManager.ToString(),
            ["Chain:DebtPreviewer"] = d.DebtPreviewer.ToString(),
            ["Chain:Previewer"] = d.Previewer.ToString(),
            ["Chain:Multicall3"] = d.Multicall3.ToString(),
            // The devnet's own Permit2 (the one its DebtManager was built with), not the canonical address.
            ["Chain:Permit2"] = d.Permit2.ToString(),
            ["Storage:Path"] = databasePath,
            // anvil mines only when a transaction arrives: a head that does not move is normal here, not a stuck node.
            ["Alerts:StalledHeadPauses"] = "false",
            // Devnet only: the page offers anvil's unlocked demo account as a wallet (DemoWallet.cs, mapped by DemoComposition).
            ["Signing:DemoWallet"] = devnet.DemoWallet.ToString(),
            [$"Wallets:console:{ConsoleTransport.UserId}"] = devnet.DemoWallet.ToString(),
        };
    }

    /// <summary>The running devnet.</summary>
    public Devnet.Devnet Devnet { get; }

    /// <summary>The protocol generation the devnet runs.</summary>
    public ProtocolGeneration Generation { get; }

    /// <summary>Configuration overrides for <see cref="DemoComposition.Build"/> (or <see cref="BotApplication.Build"/>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Starts a 0.2.15 devnet, the demo's default (installs the npm tools on first use).</summary>
    public static Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(ProtocolGeneration.V0215, cancellationToken);

    /// <summary>
    /// Starts a devnet running <paramref name="generation"/>: 0.2.15 (same and cross asset) or the current generation from the
    /// 0.2.24 artifacts (same asset only, 1 % <c>AllowanceSurplus</c> rule). Installs the npm tools on first use.
    /// </summary>
    public static async Task<DemoEnvironment> StartAsync(ProtocolGeneration generation, CancellationToken cancellationToken)
    {
        var devnet = await Exactly.Bot.Devnet.Devnet.StartAsync(new DevnetOptions { Generation = generation }, cancellationToken);
        // A fresh chain each run, so a fresh database: old links would point at contracts that no longer exist.
        var path = Path.Combine(Path.GetTempPath(), $"exactly-bot-demo-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        return new DemoEnvironment(devnet, generation, path);
    }

    /// <summary>Where things are, printed before the first prompt.</summary>
    public string Banner(Uri pageBase) => $"""
        Exactly Bot demo: a local chain (anvil, chain {Devnet.Deployment.ChainId}) running Exactly Protocol {(Generation == ProtocolGeneration.V0215 ? "0.2.15" : "current generation (0.2.24 artifacts)")}.
          RPC           {Devnet.RpcUrl}
          Demo wallet   {Devnet.DemoWallet} (10,000 USDC, 10 WETH, 10 wstETH)
          Signing page  {pageBase}s/<id> (each quote gets its own link)
          Alerts        the demo wallet is watched as "demo" (/alerts); move the world with /demo price WETH -20% or /demo warp 30d
          Sign          /demo sign signs your latest link as the demo wallet (anvil's unlocked dev key; the bot holds none)
        Type a command, e.g. /leverage 3x USDC 100, or /help. End input (Ctrl-D) to quit.
        """;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Devnet.DisposeAsync();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }
}
