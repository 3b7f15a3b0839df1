using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Ml.Models;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// The model lifecycle across three silos (the real Program in cluster mode, one database): a promotion made through
/// one silo's admin API and a rollback made through another's reach every silo through the cluster signal, not the
/// poll, which is set to five minutes so that nothing else could explain a silo serving the new version.
/// </summary>
public sealed class ClusterLifecycleTests : IAsyncLifetime
{
    private const int SiloCount = 3;

    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private readonly List<ClusterSiloFactory> _silos = [];
    private readonly List<HttpClient> _clients = [];
    private TrainedModel? _model;
    private ModelManifest? _second;
    private PostgresTestDatabase? _database;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Cancel);
        _model = new TrainedModel();
        _second = _model.AddVersion(rounds: 12, maxDepth: 3, createdAt: new DateTimeOffset(2018, 6, 2, 0, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?> { ["Models:PollInterval"] = "00:05:00" };
        for (var i = 0; i < SiloCount; i++)
        {
            // Only the first silo has the catalog: it registers both versions and makes the first champion.
            var silo = new ClusterSiloFactory(_database.ConnectionString, i == 0 ? _model.ArtifactsPath : null, settings);
            _silos.Add(silo);
            var client = silo.CreateClient(TestApiKeys.Admin);
            _clients.Add(client);
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz", Cancel)).StatusCode == HttpStatusCode.OK, $"silo {i} ready");
        }

        await Eventually.HoldsAsync(
            () => _silos.All(s => s.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == SiloCount),
            "every silo sees all three active");
    }

    [Fact]
    public async Task A_promotion_through_one_silo_and_a_rollback_through_another_reach_every_silo_by_signal_and_every_silo_acks()
    {
        var first = _model!.Manifest.Version;
        var second = _second!.Version;
        var before = await GetAsync(_clients[1], "/admin/models/serving");
        Assert.True(before["complete"]!.GetValue<bool>(), before.ToJsonString());
        AssertEverySiloServes(before, first);

        var clock = Stopwatch.StartNew();
        var promoted = await PostAsync(_clients[0], $"/admin/models/{second}/promote");
        clock.Stop();
        var promotion = clock.Elapsed;

        // The answer came once all three had acked: long before a 5-minute poll, and within the rollout wait.
        Assert.True(promoted["rolloutComplete"]!.GetValue<bool>(), promoted.ToJsonString());
        AssertEverySiloServes(promoted, second);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the promotion took {clock.Elapsed}, longer than the default poll");
        foreach (var client in _clients.Skip(1))
        {
            Assert.All(await ScoredVersionsAsync(client), v => Assert.Equal(second, v));
        }

        var serving = await GetAsync(_clients[2], "/admin/models/serving");
        Assert.True(serving["complete"]!.GetValue<bool>(), serving.ToJsonString());
        AssertEverySiloServes(serving, second);

        clock.Restart();
        var rolledBack = await PostAsync(_clients[2], "/admin/models/rollback");
        TestContext.Current.TestOutputHelper?.WriteLine($"promotion acked by every silo in {promotion.TotalMilliseconds:0} ms, rollback in {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.True(rolledBack["rolloutComplete"]!.GetValue<bool>(), rolledBack.ToJsonString());
        AssertEverySiloServes(rolledBack, first);
        foreach (var client in _clients)
        {
            Assert.All(await ScoredVersionsAsync(client), v => Assert.Equal(first, v));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].DisposeAsync();
        }

        _model?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Every one of the three active silos is current and reports <paramref name="version"/> as its champion.</summary>
    private void AssertEverySiloServes(JsonObject rollout, string version)
    {
        var silos = rollout["silos"]!.AsArray().Select(s => s!.AsObject()).ToArray();
        var expected = _silos.Select(s => s.Services.GetRequiredService<IClusterMembership>().LocalSilo.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, silos.Select(s => s["silo"]!.GetValue<string>()));
        Assert.All(silos, s =>
        {
            Assert.Equal("current", s["state"]!.GetValue<string>());
            Assert.Equal(version, s["champion"]!.GetValue<string>());
        });
    }

    /// <summary>
    /// Scores fresh customers through <paramref name="client"/>: each is scored by the silo that owns it, so a dozen
    /// of them land on every silo with near certainty; answers each decision's model version.
    /// </summary>
    private async Task<string[]> ScoredVersionsAsync(HttpClient client)
    {
        var versions = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var transaction = Json.Transaction(customer: Json.Unique("c"), timestamp: $"2018-08-10T10:{i:00}:00Z");
            using var response = await client.PostAsync("/v1/transactions/score", Json.Body(transaction), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            versions.Add((await Json.ReadObjectAsync(response))["modelVersion"]!.GetValue<string>());
        }

        return [.. versions];
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadObjectAsync(response);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        return await Json.ReadObjectAsync(response);
    }
}
