using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Tests.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Ethereum.Tests.Faults;

[Collection(DevnetGroup.Name)]
public class AddEthereumRpcTests(DevnetFixture fixture)
{
    [Fact]
    public async Task NoUrl_FailsAtStart_WithASentenceNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEthereumRpc();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Ethereum:Rpc:Urls is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSettings_AreEachNamed_WithoutTheUrlsValue()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Ethereum:Rpc:Urls:0"] = "ftp://node/v2/SECRET-API-KEY";
        builder.Configuration["Ethereum:Rpc:MaxAttempts"] = "0";
        builder.Services.AddEthereumRpc();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Ethereum:Rpc:Urls:0 is not an absolute http(s) URL", error.Message, StringComparison.Ordinal);
        // An RPC URL usually carries an API key: the sentence names the setting, never its value.
        Assert.DoesNotContain("SECRET-API-KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ethereum:Rpc:MaxAttempts is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromConfiguration_ResolvesAClientThatFailsOverToTheDevnet()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Ethereum:Rpc:Urls:0"] = "http://127.0.0.1:9/";
        builder.Configuration["Ethereum:Rpc:Urls:1"] = fixture.Devnet.RpcUrl.ToString();
        builder.Services.AddEthereumRpc(o => o.AttemptTimeout = TimeSpan.FromSeconds(2));
        using var host = builder.Build();
        await host.StartAsync();

        var rpc = host.Services.GetRequiredService<JsonRpcClient>();

        Assert.Equal(10, await rpc.ChainIdAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), host.Services.GetRequiredService<IOptions<EthereumRpcOptions>>().Value.AttemptTimeout);
        await host.StopAsync();
    }
}
