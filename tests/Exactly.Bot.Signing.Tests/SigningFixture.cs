using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Exactly.Bot.Chat;
using Exactly.Bot.Console;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ProtocolGeneration = Exactly.Bot.Devnet.ProtocolGeneration;

namespace Exactly.Bot.Signing.Tests;

/// <summary>One devnet, one bot (console transport on a pipe, real Kestrel, real SQLite) and one Chromium per test class.</summary>
public partial class SigningFixture : IAsyncLifetime
{
    public static readonly BigInteger Usdc = BigInteger.Pow(10, 6);

    public DemoEnvironment Demo { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public ChatInput Input { get; } = new();

    public ChatOutput Output { get; } = new();

    public LogCapture Logs { get; } = new();

    public string DatabasePath { get; } = TempDatabase.NewPath("bot-signing");

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Devnet.Devnet Devnet => Demo.Devnet;

    public JsonRpcClient Rpc => Devnet.Rpc;

    public async Task InitializeAsync()
    {
        Phase("devnet");
        Demo = await DemoEnvironment.StartAsync(Generation, CancellationToken.None);
        Phase("prepare");
        await PrepareAsync(Demo);
        var settings = new Dictionary<string, string?>(Demo.Settings)
        {
            ["Storage:Path"] = DatabasePath,
            ["Signing:ReceiptPollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Trace",
            // Logs go to LogCapture only. Playwright's driver start sets Console.OutputEncoding, which takes Console's lock and
            // then Console.Out's; a console logger writing at that moment holds them in the other order: a deadlock inside
            // System.Console that hung this suite about 1 run in 10 under load (both stacks seen with ClrMD in a hung testhost).
            ["Logging:Console:LogLevel:Default"] = "None",
        };
        for (var i = 3; i < Devnet.Accounts.Count; i++)
        {
            settings[$"Wallets:console:user{i}"] = Devnet.Accounts[i].ToString();
        }

        var channel = new ConsoleChannel(Input, Output);
        Phase("build");
        App = DemoComposition.Build([], settings, channel);
        App.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Phase("app");
        await App.StartAsync();
        channel.ReadySource.SetResult();
        Phase("browser-gate");
        // Start one browser at a time, and fail loudly instead of hanging if a start stalls anyway.
        await BrowserStart.WaitAsync();
        try
        {
            Phase("browser");
            // On the thread pool, so that a start that blocks synchronously still meets the time limit.
            (Playwright, Browser) = await Task.Run(StartBrowserAsync).WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            BrowserStart.Release();
        }

        Phase("ready");
    }

    private void Phase(string name) => File.AppendAllText(
        Path.Combine(Path.GetTempPath(), "exactly-bot-fixture-phases.log"),
        $"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {Environment.ProcessId} {GetType().Name}#{RuntimeHelpers.GetHashCode(this)} t{Environment.CurrentManagedThreadId} {name}\n");

    /// <summary>The protocol generation the devnet deploys; the bot detects it from the DebtManager's bytecode.</summary>
    protected virtual ProtocolGeneration Generation => ProtocolGeneration.V0215;

    /// <summary>Changes the chain before the bot starts (and reads its markets).</summary>
    protected virtual Task PrepareAsync(DemoEnvironment demo) => Task.CompletedTask;

    private static readonly SemaphoreSlim BrowserStart = new(1, 1);

    /// <summary>Debian's Chromium: Playwright never downloads a browser of its own here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static async Task<(IPlaywright, IBrowser)> StartBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // Say what to do, instead of Playwright's "executable doesn't exist" deep in a fixture.
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}, which is not installed. Install it with `apt-get install -y chromium` (as root), then run the tests again.");
        }

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    public async Task DisposeAsync()
    {
        Phase("dispose");
        // What each flow measured (gas, allowance the DebtManager kept right after its transaction), for the report.
        await File.AppendAllLinesAsync(Path.Combine(Path.GetTempPath(), "exactly-bot-signing-measurements.txt"), Logs.Lines.Where(l => l.Contains(" mined, ", StringComparison.Ordinal)));
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
        await Demo.DisposeAsync();
    }

    /// <summary>Types a line in the console chat (the demo user, linked to the demo wallet) and returns the reply and its link.</summary>
    public async Task<(string Reply, Uri Link)> AskAsync(string line)
    {
        var from = Output.Text.Length;
        Input.Send(line);
        var reply = await Output.WaitForAsync(from, "The link expires");
        return (reply, new Uri(LinkPattern().Match(reply).Value));
    }

    /// <summary>A chat line from user <c>user{index}</c>, linked to anvil account <paramref name="index"/>; returns the reply.</summary>
    public Task<Reply> AskAsAsync(int index, string line) =>
        App.Services.GetRequiredService<ChatBot>().HandleAsync(new ChatMessage("console", "console", $"user{index}", line, Guid.NewGuid().ToString("N")), CancellationToken.None);

    /// <summary>Opens the page in a fresh browser context with <paramref name="wallet"/> injected as <c>window.ethereum</c>.</summary>
    public async Task<IPage> OpenAsync(Uri link, TestWallet wallet, bool phone = false)
    {
        var context = await Browser.NewContextAsync(phone
            ? new() { ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true }
            : new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await context.AddInitScriptAsync(TestWallet.InitScript);
        await context.ExposeFunctionAsync<string, Task<string>>("__wallet", wallet.HandleAsync);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link.ToString());
        return page;
    }

    public async Task<BigInteger> ReadAsync(Address contract, Ethereum.Abi.AbiFunction function, params object?[] args) =>
        (BigInteger)(await Rpc.CallAsync(contract, function, args))[0]!;

    /// <summary>Mints <paramref name="usdc"/> whole USDC to anvil account <paramref name="index"/> and returns a wallet for it.</summary>
    public async Task<TestWallet> FundedWalletAsync(int index, int usdc = 100)
    {
        var account = Devnet.Accounts[index];
        await Devnet.MintAsync(Devnet.Deployment.Market("USDC").Asset, account, usdc * Usdc);
        return new TestWallet(Rpc, account);
    }

    /// <summary>DebtManager allowance from <paramref name="account"/> on USDC market shares and on USDC.</summary>
    public async Task<(BigInteger Shares, BigInteger Assets)> AllowancesAsync(Address account)
    {
        var d = Devnet.Deployment;
        var m = d.Market("USDC");
        return (await ReadAsync(m.Market, Erc20Abi.Allowance, account, d.DebtManager), await ReadAsync(m.Asset, Erc20Abi.Allowance, account, d.DebtManager));
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // Screenshots always exercise the page render; they replace the committed ones in docs/ only when asked
        // (UPDATE_SCREENSHOTS=1), so a test run leaves the working tree as it found it.
        var docs = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs")
            : Path.Combine(Path.GetTempPath(), "exactly-bot-screenshots");
        Directory.CreateDirectory(docs);
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, name), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Exactly.Bot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{22}")]
    private static partial Regex LinkPattern();
}
