using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>The API served by every silo of a cluster: whichever silo a call enters by, one customer has one state.</summary>
public sealed class ClusterSiloTests(ClusterSilos cluster) : IClassFixture<ClusterSilos>
{
    [Fact]
    public async Task One_customer_scored_through_different_silos_accumulates_in_one_activation_and_every_decision_is_readable_everywhere()
    {
        HttpClient[] clients = [.. cluster.Silos.Select((_, i) => cluster.Client(i, TestApiKeys.Admin))];
        var customer = Json.Unique("c");
        var scored = new List<(string Id, decimal Amount, double Score)>();
        for (var i = 0; i < 9; i++)
        {
            var transaction = Json.Transaction(customer: customer, amount: 10 + i, timestamp: $"2018-08-10T10:{i:00}:00Z");
            using var response = await clients[i % clients.Length].PostAsync("/v1/transactions/score", Json.Body(transaction), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json.ReadObjectAsync(response);
            // The i-th transaction sees i + 1 in its day whichever silo it entered by: one customer, one state.
            Assert.Equal(i + 1, body["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
            Assert.Equal(cluster.Model.Manifest.Version, body["modelVersion"]!.GetValue<string>());
            scored.Add((transaction["transactionId"]!.GetValue<string>(), 10 + i, body["score"]!.GetValue<double>()));
        }

        foreach (var (id, amount, score) in scored)
        {
            foreach (var client in clients)
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
        var last = cluster.Client(cluster.Silos.Count - 1, TestApiKeys.Admin);
        using var ready = await last.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var models = await last.GetAsync("/admin/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(cluster.Model.Manifest.Version, await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
