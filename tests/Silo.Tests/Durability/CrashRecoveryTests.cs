using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FraudActors.Ml.Data;
using FraudActors.Silo.Replay;
using FraudActors.Silo.Tests.Hosting;
using FraudActors.Silo.Tests.Replay;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Durability;

public sealed class CrashRecoveryTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Every_transaction_answered_200_before_a_kill_9_is_in_the_log_after_restart()
    {
        var database = _directory.File("node.db");
        var acknowledged = new ConcurrentBag<string>();
        var failedInFlight = 0;
        var transactions = trained.Simulation.Transactions;
        var next = -1;

        using (var node = await StartNodeAsync(database))
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var index = Interlocked.Increment(ref next);
                    if (index >= transactions.Length)
                    {
                        return;
                    }

                    try
                    {
                        using var response = await node.Client.PostAsJsonAsync("/v1/transactions/score", SimulatedRequests.Body(transactions[index]), CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add(TransactionReplay.ToRequest(transactions[index]).TransactionId);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failedInFlight);   // the kill cut it: never acknowledged
                        return;
                    }
                }
            }, TestContext.Current.CancellationToken)).ToArray();

            await Eventually.HoldsAsync(() => acknowledged.Count >= 3_000, "3,000 acknowledged decisions under load");
            node.Kill();
            await Task.WhenAll(clients);
        }

        Assert.True(failedInFlight > 0, "the kill did not cut any request in flight: the load was not concurrent with it");

        using var restarted = await StartNodeAsync(database);
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken }, async (id, ct) =>
        {
            using var response = await restarted.Client.GetAsync($"/v1/transactions/{id}", ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add(id);
            }
        });

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Scores_after_a_crash_and_restart_equal_scores_without_one()
    {
        // 30 days of a few hundred customers: windows and 7-day-delayed terminal counts all carry state across the kill.
        var transactions = trained.Simulation.Transactions.Take(6_000).ToArray();
        var half = transactions.Length / 2;

        var uninterrupted = await ScoreAllAsync(_directory.File("straight.db"), transactions, killAfter: null);
        var interrupted = await ScoreAllAsync(_directory.File("crashed.db"), transactions, killAfter: half);

        for (var i = half; i < transactions.Length; i++)
        {
            Assert.Equal(uninterrupted[i]["features"]!.ToJsonString(), interrupted[i]["features"]!.ToJsonString());
            Assert.Equal(uninterrupted[i]["score"]!.GetValue<double>(), interrupted[i]["score"]!.GetValue<double>());
            Assert.Equal(uninterrupted[i]["decision"]!.GetValue<string>(), interrupted[i]["decision"]!.GetValue<string>());
        }

        Assert.Contains(interrupted.Skip(half), r => r["features"]!["TERMINAL_ID_NB_TX_7DAY_WINDOW"]!.GetValue<double>() > 0);
        Assert.Contains(interrupted.Skip(half), r => r["features"]!["CUSTOMER_ID_NB_TX_30DAY_WINDOW"]!.GetValue<double>() > 3);
    }

    private async Task<JsonObject[]> ScoreAllAsync(string database, Transaction[] transactions, int? killAfter)
    {
        var results = new JsonObject[transactions.Length];
        var node = await StartNodeAsync(database);
        try
        {
            for (var i = 0; i < transactions.Length; i++)
            {
                if (i == killAfter)
                {
                    node.Kill();
                    node.Dispose();
                    node = await StartNodeAsync(database);
                }

                using var response = await node.Client.PostAsJsonAsync("/v1/transactions/score", SimulatedRequests.Body(transactions[i]), TestContext.Current.CancellationToken);
                response.EnsureSuccessStatusCode();
                results[i] = (JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) as JsonObject)!;
            }
        }
        finally
        {
            node.Dispose();
        }

        return results;
    }

    /// <summary>The embedded node (SQLite at <paramref name="database"/>, the trained model's catalog) as a process.</summary>
    private Task<SiloProcess> StartNodeAsync(string database) => SiloProcess.StartAsync("node", new Dictionary<string, string>
    {
        ["Node:ArtifactsDirectory"] = trained.ArtifactsPath,
        ["Node:DatabasePath"] = database,
    });

    public void Dispose() => _directory.Dispose();
}
