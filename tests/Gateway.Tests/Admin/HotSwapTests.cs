using System.Collections.Concurrent;
using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Admin;

public sealed class HotSwapTests : IDisposable
{
    private readonly LifecycleNode _node = new();

    [Fact]
    public async Task A_hundred_swaps_under_load_fail_no_request_and_every_answer_comes_from_a_live_version()
    {
        var first = _node.Model.Manifest.Version;
        var second = _node.Second.Version;
        var versions = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var client = _node.Factory.CreateClient(TestApiKeys.Scorer);
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction()), CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    continue;
                }

                versions.Add((await Json.ReadObjectAsync(response))["modelVersion"]!.GetValue<string>());
            }
        }, TestContext.Current.CancellationToken)).ToArray();

        for (var swap = 0; swap < 100; swap++)
        {
            var target = swap % 2 == 0 ? second : first;
            using var promoted = await _node.Admin.PostAsync($"/admin/models/{target}/promote", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        }

        // 100 swaps end on the first version: every silo must come to serve it.
        await Eventually.HoldsAsync(async () =>
        {
            using var registry = await _node.Admin.GetAsync("/admin/models", CancellationToken.None);
            var silo = (await Json.ReadObjectAsync(registry))["silos"]!.AsArray().Single()!;
            return silo["champion"]!.GetValue<string>() == first && silo["revision"]!.GetValue<long>() >= 100;
        }, "the silo to acknowledge the last assignment");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(versions.Count > 200, $"only {versions.Count} requests ran during the swaps");
        Assert.All(versions, v => Assert.Contains(v, new[] { first, second }));
        Assert.Contains(second, versions);
    }

    public void Dispose() => _node.Dispose();
}
