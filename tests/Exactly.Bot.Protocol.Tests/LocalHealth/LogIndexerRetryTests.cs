using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// A page that fails halfway: a market listed inside a backfill page makes the indexer re-read the listing block with the new
/// market in the filter; when the provider refuses that re-read, the page's earlier logs are already applied. The caller
/// retries at the next block: those logs must not count twice.
/// </summary>
public sealed class LogIndexerRetryTests
{
    [Fact]
    public async Task Backfill_ProviderRefusesTheReReadAfterAListing_RetryAppliesThePageOnceAndEqualsAFreshBackfill()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, 12, 3);
        await history.SetUpAsync();
        // Activity, then one more market listed: one page holds both, the listing comes after the deposits and borrows. The
        // re-read of its block is the first filter with the Auditor and every market.
        var addresses = 2 + devnet.Deployment.Markets.Count;
        var listed = await devnet.AddMarketWithoutPermitAsync();
        var head = await BlockHeader.ReadAsync(devnet.Rpc);
        using var refusing = new HttpClient(new RefuseOnce(addresses)) { BaseAddress = devnet.RpcUrl };
        var indexer = new LogIndexer(new JsonRpcClient(refusing), deployment, new LogIndexerOptions { InitialPageBlocks = 1_000_000 });

        await Assert.ThrowsAnyAsync<RpcException>(() => indexer.SyncAsync(head));
        Assert.True((await indexer.SyncAsync(head)).CaughtUp);

        var fresh = new LogIndexer(devnet.Rpc, deployment);
        Assert.True((await fresh.SyncAsync(head)).CaughtUp);
        Assert.Contains(listed.Market, indexer.Applier.Markets);
        Assert.Equal(fresh.Applier.Markets, indexer.Applier.Markets);
        Assert.Equal(Enumerable.Range(0, fresh.Book.Count).Count(fresh.Book.IsUntrusted), Enumerable.Range(0, indexer.Book.Count).Count(indexer.Book.IsUntrusted));
        BookAssert.Same(fresh.Book, indexer.Book);
    }

    /// <summary>Answers the first <c>eth_getLogs</c> whose filter has <c>addresses</c> contracts (the re-read) with a provider error.</summary>
    sealed class RefuseOnce(int addresses) : DelegatingHandler(new HttpClientHandler())
    {
        int refused;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            if (body is JsonObject { } call && (string?)call["method"] == "eth_getLogs" && call["params"]![0]!["address"] is JsonArray filter
                && filter.Count == addresses && Interlocked.Exchange(ref refused, 1) == 0)
            {
                var error = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = call["id"]!.DeepClone(), ["error"] = new JsonObject { ["code"] = -32603, ["message"] = "upstream timeout" } };
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(error.ToJsonString(), Encoding.UTF8, "application/json") };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
