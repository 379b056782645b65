using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>Backfill against a provider that caps eth_getLogs ranges (as hosted RPCs do), in front of a real devnet.</summary>
public sealed class LogIndexerPagingTests
{
    [Fact]
    public async Task Backfill_ProviderRefusesRangesOver8Blocks_PagesShrinkThenTheBookEqualsAnUncappedBackfill()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, 20, 11);
        await history.SetUpAsync();
        var head = await BlockHeader.ReadAsync(devnet.Rpc);
        using var capped = new HttpClient(new RangeCap(8)) { BaseAddress = devnet.RpcUrl };
        var indexer = new LogIndexer(new JsonRpcClient(capped), deployment, new LogIndexerOptions { InitialPageBlocks = 1_000 });

        var (caughtUp, requests) = await indexer.SyncAsync(head);

        var uncapped = new LogIndexer(devnet.Rpc, deployment, new LogIndexerOptions { InitialPageBlocks = 1_000_000 });
        Assert.True((await uncapped.SyncAsync(head)).CaughtUp);
        Assert.True(caughtUp);
        // Refusals halve the page (1000 → 500 → … → 7), successes double it again (14, refused, 7…): never more than the cap.
        Assert.InRange(indexer.PageBlocks, 1, 16);
        Assert.True(requests > head.Number / 8, $"{requests} requests for {head.Number} blocks");
        BookAssert.Same(uncapped.Book, indexer.Book);
        Assert.True(indexer.Book.Count >= 20);
    }

    /// <summary>Answers eth_getLogs over more than <c>cap</c> blocks with the error hosted providers give; forwards the rest.</summary>
    sealed class RangeCap(int cap) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            if (body is JsonObject { } call && (string?)call["method"] == "eth_getLogs" && call["params"]![0] is JsonObject filter && filter["fromBlock"] is { } from)
            {
                var span = Ethereum.Hex.ToBigInteger((string)filter["toBlock"]!) - Ethereum.Hex.ToBigInteger((string)from!) + 1;
                if (span > cap)
                {
                    var error = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = call["id"]!.DeepClone(), ["error"] = new JsonObject { ["code"] = -32005, ["message"] = $"query exceeds max block range {cap}" } };
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(error.ToJsonString(), Encoding.UTF8, "application/json") };
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
