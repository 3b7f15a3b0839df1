using System.Net;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

public sealed class ClusterSiloTests : IAsyncLifetime
{
    private const int SiloCount = 3;

    private readonly List<ClusterSiloFactory> _silos = [];
    private readonly List<HttpClient> _clients = [];
    private TrainedModel? _model;
    private PostgresTestDatabase? _database;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        _model = new TrainedModel();

        // One after another, as deploy/cluster.sh starts them: the first (the only one with a local catalog) imports the
        // model into the shared store and registry; the others find it there.
        for (var i = 0; i < SiloCount; i++)
        {
            var silo = new ClusterSiloFactory(_database.ConnectionString, i == 0 ? _model.ArtifactsPath : null);
            _silos.Add(silo);
            var client = silo.CreateClient(TestApiKeys.Admin);
            _clients.Add(client);
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, $"silo {i} ready");
        }

        await Eventually.HoldsAsync(
            () => _silos.All(s => s.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == SiloCount),
            "every silo sees all three active");
    }

    [Fact]
    public async Task One_customer_scored_through_different_silos_accumulates_in_one_activation_and_every_decision_is_readable_everywhere()
    {
        var customer = Json.Unique("c");
        var scored = new List<(string Id, decimal Amount, double Score)>();
        for (var i = 0; i < 9; i++)
        {
            var transaction = Json.Transaction(customer: customer, amount: 10 + i, timestamp: $"2018-08-10T10:{i:00}:00Z");
            using var response = await _clients[i % SiloCount].PostAsync("/v1/transactions/score", Json.Body(transaction), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json.ReadObjectAsync(response);
            // The i-th transaction sees i + 1 in its day whichever silo it entered by: one customer, one state.
            Assert.Equal(i + 1, body["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
            Assert.Equal(_model!.Manifest.Version, body["modelVersion"]!.GetValue<string>());
            scored.Add((transaction["transactionId"]!.GetValue<string>(), 10 + i, body["score"]!.GetValue<double>()));
        }

        foreach (var (id, amount, score) in scored)
        {
            foreach (var client in _clients)
            {
                using var response = await client.GetAsync($"/v1/transactions/{id}", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var logged = await Json.ReadObjectAsync(response);
                Assert.Equal(amount, logged["transaction"]!["amount"]!.GetValue<decimal>());
                Assert.Equal(score, logged["result"]!["score"]!.GetValue<double>());
            }
        }
    }

    [Fact]
    public async Task A_silo_without_a_local_catalog_serves_the_model_another_silo_published()
    {
        using var ready = await _clients[SiloCount - 1].GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var models = await _clients[SiloCount - 1].GetAsync("/admin/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(_model!.Manifest.Version, await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        // Last first, so each leave is a graceful hand-over to the silos still running.
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
