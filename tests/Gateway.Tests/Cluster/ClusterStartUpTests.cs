using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// Three silos started at the same moment on an empty database, each beside the same catalog, so each tries to
/// register the models and bootstrap the champion at start-up: the race that used to activate the model registry on
/// every silo whose view had no active silo yet, and fail all but one of their starts.
/// </summary>
public sealed class ClusterStartUpTests : IAsyncLifetime
{
    private const int SiloCount = 3;

    // The registry's grain type name (the tag on the runtime's activation metric).
    private const string RegistryGrainType = "model-registry";

    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private readonly List<ClusterSiloFactory> _silos = [];
    private readonly List<HttpClient> _clients = [];
    private readonly ConcurrentQueue<(Meter Meter, string GrainType)> _activations = new();
    private readonly MeterListener _listener = new();
    private TrainedModel? _model;
    private PostgresTestDatabase? _database;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Cancel);
        _model = new TrainedModel();

        // Every activation created in this process; the hosts' own meters pick out this test's silos afterwards.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "fraudactors.grain.activations")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (value > 0)
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "grain.type")
                    {
                        _activations.Enqueue((instrument.Meter, tag.Value as string ?? ""));
                    }
                }
            }
        });
        _listener.Start();
    }

    [Fact]
    public async Task Silos_started_together_on_an_empty_cluster_all_become_ready_serving_one_champion_with_the_registry_activated_once()
    {
        using var together = new Barrier(SiloCount);
        var settings = new Dictionary<string, string?> { ["Models:PollInterval"] = "00:05:00" };
        for (var i = 0; i < SiloCount; i++)
        {
            _silos.Add(new ClusterSiloFactory(_database!.ConnectionString, _model!.ArtifactsPath, settings, together));
        }

        // Each host is built on its own thread, waits for the others, and then all three start at once.
        _clients.AddRange(await Task.WhenAll(_silos.Select(s => Task.Run(() => s.CreateClient(TestApiKeys.Admin), Cancel))));

        foreach (var client in _clients)
        {
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz", Cancel)).StatusCode == HttpStatusCode.OK, "every silo ready");
        }

        var champion = _model!.Manifest.Version;
        foreach (var client in _clients)
        {
            using var response = await client.GetAsync("/admin/models/serving", Cancel);
            var rollout = await Json.ReadObjectAsync(response);
            Assert.True(rollout["complete"]!.GetValue<bool>(), rollout.ToJsonString());
            var silos = rollout["silos"]!.AsArray();
            Assert.Equal(SiloCount, silos.Count);
            Assert.All(silos, s => Assert.Equal(champion, s!["champion"]!.GetValue<string>()));
        }

        // The registry was activated on one silo only, and its history shows one registration and one bootstrap: no
        // silo's write lost a race.
        var meters = _silos.Select(s => s.Services.GetRequiredService<IMeterFactory>()).ToHashSet();
        var registryActivations = _activations.Where(a => a.Meter.Scope is IMeterFactory f && meters.Contains(f) && a.GrainType == RegistryGrainType).ToArray();
        Assert.Single(registryActivations);

        using var models = await _clients[0].GetAsync("/admin/models", Cancel);
        var history = (await Json.ReadObjectAsync(models))["history"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Equal(["promoted", "registered"], history.Select(e => e["action"]!.GetValue<string>()));
        Assert.All(_silos, s => Assert.Equal(SiloCount, s.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
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
}
