using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Exactly.Bot.Alerts;
using Exactly.Bot.Chat;
using Exactly.Bot.Discord;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Storage;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Exactly.Bot.Tests;

/// <summary>
/// A devnet with three positioned dev accounts and 30 hours of health readings stored the way the monitor stores them (the
/// health engine's reading at a real block, <see cref="PositionHistory.Record"/> on a clock the fixture moves): WETH at its
/// base price, −10 %, −20 %, +10 % and back, hours apart. The monitor itself is off so only these readings exist.
/// </summary>
public sealed class PositionOverviewFixture : IAsyncLifetime
{
    private readonly string databasePath = TempDatabase.NewPath("bot-position");

    // Starts at the real time, whole second; moved forward by the readings below.
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public DemoEnvironment Demo { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public ChatBot Bot => App.Services.GetRequiredService<ChatBot>();

    /// <summary>WETH collateral and a USDC borrow (liquidation price on WETH).</summary>
    public Address Main { get; private set; }

    /// <summary>A 3x USDC same-asset leverage.</summary>
    public Address Lever { get; private set; }

    /// <summary>A watched address with nothing in the protocol.</summary>
    public Address Empty { get; private set; }

    /// <summary>Main's health factor at each stored reading, oldest first.</summary>
    public IReadOnlyList<BigInteger> MainReadings { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        var settings = new Dictionary<string, string?>(Demo.Settings) { ["Storage:Path"] = databasePath, ["Alerts:Enabled"] = "false" };
        App = DemoComposition.Build([], settings, console: null, overrides: s => s.AddSingleton<TimeProvider>(Time));
        await App.StartAsync();
        var devnet = Demo.Devnet;
        (Main, Lever, Empty) = (devnet.Accounts[3], devnet.Accounts[4], devnet.Accounts[5]);
        await DevnetPositions.WethCollateralUsdcBorrowAsync(devnet, Main, Units.Wad, 1_500_000_000);
        await DevnetPositions.LeverageUsdcAsync(devnet, Lever, 100m, 3 * Units.Wad);
        MainReadings = await RecordDayAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Demo.DisposeAsync();
        TempDatabase.Delete(databasePath);
    }

    /// <summary>A Telegram private chat of user 42.</summary>
    public static ChatMessage Private(string text) => new("telegram", "42", "42", text, Guid.NewGuid().ToString("N"));

    /// <summary>A Telegram group user 42 writes in.</summary>
    public static ChatMessage Group(string text) => new("telegram", "-1001234567890", "42", text, Guid.NewGuid().ToString("N"));

    /// <summary><c>accountLiquidity</c> read on its own (a plain eth_call at the block), not through the bot.</summary>
    public async Task<(BigInteger Collateral, BigInteger Debt)> LiquidityAtAsync(Address account, long block)
    {
        var data = await Demo.Devnet.Rpc.CallAsync(
            new TransactionRequest(Demo.Devnet.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero)), BlockParameter.Number(block));
        var values = AuditorAbi.AccountLiquidity.Decode(data);
        return ((BigInteger)values[0]!, (BigInteger)values[1]!);
    }

    /// <summary>Five readings over 30 hours, the first before the 24 h window (the state in force when it began).</summary>
    private async Task<IReadOnlyList<BigInteger>> RecordDayAsync()
    {
        var devnet = Demo.Devnet;
        var engine = App.Services.GetRequiredService<IHealthEngine>();
        var database = App.Services.GetRequiredService<Database>();
        var health = new List<BigInteger>();
        foreach (var (hoursBefore, fraction) in new[] { (0, 1m), (10, 0.9m), (5, 0.8m), (5, 1.1m), (10, 1m) })
        {
            Time.Advance(TimeSpan.FromHours(hoursBefore));
            await devnet.SetPriceAsync("WETH", 3000m * fraction);
            var evaluation = await engine.EvaluateAsync([Main, Lever], await BlockHeader.ReadAsync(devnet.Rpc));
            using (var connection = database.Open())
            using (var transaction = connection.BeginTransaction())
            {
                PositionHistory.Record(connection, transaction, evaluation, new HashSet<Address>(), Time.GetUtcNow().ToUnixTimeMilliseconds());
                transaction.Commit();
            }

            health.Add(evaluation.Readings[Main].HealthFactor!.Value);
        }

        return health;
    }
}

/// <summary>
/// <c>/position</c> with no argument (issue 12, item 6): every watched wallet at one block, with its deposits and borrows,
/// health factor, liquidation prices and 24 h trend from stored readings; labels only in a group; within the platforms' limits.
/// </summary>
public sealed partial class PositionOverviewTests(PositionOverviewFixture fixture, ITestOutputHelper output) : IClassFixture<PositionOverviewFixture>, IAsyncLifetime
{
    private static readonly WalletOwner Alice = new("telegram", "42");

    public async Task InitializeAsync()
    {
        var store = fixture.App.Services.GetRequiredService<WatchStore>();
        if ((await store.ListAsync(Alice, default)).Count == 0)
        {
            await store.WatchAsync(Alice, fixture.Main, "main", linked: true, default);
            await store.WatchAsync(Alice, fixture.Lever, "lever", linked: false, default);
            await store.WatchAsync(Alice, fixture.Empty, "empty", linked: false, default);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Position_NoArgument_ShowsEveryWatchedWalletAtOneBlock_WithLiquidationPricesAndThe24HourTrend()
    {
        var reply = await fixture.Bot.HandleAsync(PositionOverviewFixture.Private("/position"), CancellationToken.None);
        output.WriteLine(reply.Text);
        Assert.False(reply.IsError, reply.Text);

        var block = long.Parse(BlockLine().Match(reply.Text).Groups[1].Value, CultureInfo.InvariantCulture);
        var (collateral, debt) = await fixture.LiquidityAtAsync(fixture.Main, block);
        var main = Section(reply.Text, "main (0x");
        Assert.Contains($"main ({Short(fixture.Main)}) · linked, the default", main, StringComparison.Ordinal);
        Assert.Matches(@"WETH\s+deposit 1 WETH \(collateral\)", main);
        Assert.Matches(@"USDC\s+borrow 1500(\.\d+)? USDC", main);
        Assert.Contains($"Health      {Units.Format(collateral * Units.Wad / debt, 18, 2)} ", main, StringComparison.Ordinal);

        // WETH is the only collateral: it liquidates when its price falls by debt/collateral − 1 (shown toward zero, 0.1 %).
        var move = decimal.Parse(MoveLine().Match(main).Groups[1].Value, CultureInfo.InvariantCulture);
        var exact = ((decimal)(debt * 1_000_000 / collateral) / 1_000_000m - 1m) * 100m;
        Assert.InRange(-move - exact, -0.11m, 0.11m);

        var r = fixture.MainReadings;
        Assert.Contains($"24 h        {Hf(r[0])} → {Hf(r[4])} · low {Hf(r[2])} · high {Hf(r[3])}", main, StringComparison.Ordinal);
        Assert.Matches(@"USDC\s+deposit 3\d\d(\.\d+)? USDC \(collateral\) · borrow 2\d\d(\.\d+)? USDC", Section(reply.Text, "lever (0x"));
        var empty = Section(reply.Text, "empty (0x");
        Assert.Contains("no deposits or borrows", empty, StringComparison.Ordinal);
        Assert.Contains("no stored readings yet", empty, StringComparison.Ordinal);

        // Lowest health first: the 3x USDC leverage (≈1.24) before main (≈1.5), the wallet without debt last.
        Assert.True(reply.Text.IndexOf("lever (", StringComparison.Ordinal) < reply.Text.IndexOf("main (", StringComparison.Ordinal));
        Assert.True(reply.Text.IndexOf("main (", StringComparison.Ordinal) < reply.Text.IndexOf("empty (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Position_NoArgumentInAGroup_ShowsLabelsHealthAndTrend_ButNoAddressNorAmount()
    {
        var reply = await fixture.Bot.HandleAsync(PositionOverviewFixture.Group("/position"), CancellationToken.None);
        output.WriteLine(reply.Text);

        Assert.False(reply.IsError, reply.Text);
        Assert.DoesNotMatch(AnyAddressPart(), reply.Text);
        Assert.DoesNotContain("1500", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("deposit 1 WETH", reply.Text, StringComparison.Ordinal);
        var main = Section(reply.Text, "main · linked");
        Assert.Matches(@"Markets     (USDC borrowed · WETH collateral|WETH collateral · USDC borrowed)", main);
        Assert.Contains("WETH −", main, StringComparison.Ordinal);
        Assert.Contains($"24 h        {Hf(fixture.MainReadings[0])} →", main, StringComparison.Ordinal);
        Assert.EndsWith("Amounts and addresses are shown in a private chat with the bot only.", reply.Text, StringComparison.Ordinal);

        var one = await fixture.Bot.HandleAsync(PositionOverviewFixture.Group("/position lever"), CancellationToken.None);
        Assert.False(one.IsError, one.Text);
        Assert.DoesNotMatch(AnyAddressPart(), one.Text);
        Assert.DoesNotContain("main", one.Text, StringComparison.Ordinal);
        Assert.Contains("Markets     USDC collateral + borrowed", one.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Position_TenWallets_FitsTelegramAndSplitsBetweenWalletsOnDiscord()
    {
        var owner = new WalletOwner("discord", "77");
        var store = fixture.App.Services.GetRequiredService<WatchStore>();
        var devnet = fixture.Demo.Devnet;
        var addresses = new[] { fixture.Main, fixture.Lever, fixture.Empty }.Concat(devnet.Accounts.Skip(6)).Concat(devnet.Accounts.Take(3)).Take(WatchStore.MaxWalletsPerUser).ToList();
        foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
        {
            await store.WatchAsync(owner, address, $"wallet-number-{i:00}", linked: false, default);
        }

        var reply = await fixture.Bot.HandleAsync(new ChatMessage("discord", "dm:77", "77", "/position", Guid.NewGuid().ToString("N")), CancellationToken.None);
        output.WriteLine($"{reply.Text.Length} characters");

        Assert.False(reply.IsError, reply.Text);
        Assert.InRange(reply.Text.Length, 2001, Reply.MaxTextLength);
        var parts = DiscordRenderer.Render(reply, ephemeral: true);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Content!.Length, 1, DiscordRenderer.MaxContent));
        // Each later part starts at a wallet (its name line), not inside one.
        Assert.All(parts.Skip(1), p => Assert.StartsWith("```\nwallet-number-", p.Content, StringComparison.Ordinal));
        Assert.Equal(WatchStore.MaxWalletsPerUser, WalletName().Count(reply.Text));
    }

    [Theory]
    [InlineData("/position nosuch", "'nosuch' is not an address (expected 0x followed by 40 hex digits) nor one of your wallet labels (main, lever, empty)")]
    [InlineData("/position main extra", "takes one address or one of your wallet labels at most")]
    [InlineData("/position 0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "its EIP-55 checksum is wrong")]
    public async Task Position_WrongUse_SaysWhy_AndItsExampleWorks(string line, string expected)
    {
        var reply = await fixture.Bot.HandleAsync(PositionOverviewFixture.Private(line), CancellationToken.None);
        output.WriteLine(reply.Text);

        Assert.True(reply.IsError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var example = reply.Text.Split('\n')[^1];
        var retry = await fixture.Bot.HandleAsync(PositionOverviewFixture.Private(example["Example: ".Length..]), CancellationToken.None);
        Assert.False(retry.IsError, $"{example} → {retry.Text}");
    }

    /// <summary>The block of lines from the one starting with <paramref name="start"/> to the next blank line.</summary>
    private static string Section(string text, string start)
    {
        var at = text.IndexOf("\n" + start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no wallet section starting with '{start}'");
        var end = text.IndexOf("\n\n", at + 1, StringComparison.Ordinal);
        return text[(at + 1)..(end < 0 ? text.Length : end)];
    }

    private static string Short(Address address) => $"{address.ToString()[..6]}…{address.ToString()[^4..]}";

    private static string Hf(BigInteger wad) => Units.FormatFixed(wad, 18, 2);

    [GeneratedRegex(@"^Your wallets at block (\d+) \(")]
    private static partial Regex BlockLine();

    [GeneratedRegex(@"Liquidation WETH −(\d+\.\d) % liquidates")]
    private static partial Regex MoveLine();

    [GeneratedRegex(@"(?m)^wallet-number-\d\d ")]
    private static partial Regex WalletName();

    /// <summary>0x and four hex digits: the start of any address, full or shortened.</summary>
    [GeneratedRegex("0x[0-9a-fA-F]{4}")]
    private static partial Regex AnyAddressPart();
}
