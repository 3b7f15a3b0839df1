using System.Diagnostics;
using System.Net;
using FraudActors.Gateway.Tests.Metrics;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// The gateway as its own process (src/GatewayHost): the same API as a silo serves, every grain call routed to the
/// owning silo, nothing held that another gateway would need, and nothing run in the gateway itself.
/// </summary>
public sealed class GatewayProcessTests(GatewayProcessFixture fixture) : IClassFixture<GatewayProcessFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_customers_transactions_through_a_gateway_count_one_to_n_in_one_state()
    {
        var gateway = fixture.Client(fixture.GatewayA, TestApiKeys.Scorer);
        var customer = Json.Unique("c");

        for (var i = 0; i < 5; i++)
        {
            var transaction = Json.Transaction(customer: customer, amount: 20 + i, timestamp: $"2018-08-10T11:{i:00}:00Z");
            using var response = await gateway.PostAsync("/v1/transactions/score", Json.Body(transaction), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json.ReadObjectAsync(response);
            Assert.Equal(i + 1, body["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
            Assert.Equal(fixture.Cluster.Model.Manifest.Version, body["modelVersion"]!.GetValue<string>());
        }

        // The gateway is a reader of the membership, not a member: no silo's view names it.
        var gatewaySelf = fixture.GatewayA.Services.GetRequiredService<IClusterMembership>().LocalSilo;
        Assert.All(fixture.Cluster.Silos, silo => Assert.DoesNotContain(gatewaySelf, silo.Services.GetRequiredService<IClusterMembership>().Current.Members.Keys));
        using var ready = await gateway.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Two_gateways_side_by_side_serve_one_customer_consistently_with_the_silos()
    {
        HttpClient[] gateways = [fixture.Client(fixture.GatewayA, TestApiKeys.Scorer), fixture.Client(fixture.GatewayB, TestApiKeys.Scorer)];
        var customer = Json.Unique("c");
        var ids = new List<string>();

        for (var i = 0; i < 6; i++)
        {
            var transaction = Json.Transaction(customer: customer, amount: 30 + i, timestamp: $"2018-08-10T12:{i:00}:00Z");
            using var response = await gateways[i % 2].PostAsync("/v1/transactions/score", Json.Body(transaction), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(i + 1, (await Json.ReadObjectAsync(response))["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
            ids.Add(transaction["transactionId"]!.GetValue<string>());
        }

        // A repeat through the other gateway is the logged decision (idempotency lives in the grain, not a gateway).
        var repeat = Json.Transaction(id: ids[0], customer: customer, amount: 30, timestamp: "2018-08-10T12:00:00Z");
        using var replayed = await gateways[1].PostAsync("/v1/transactions/score", Json.Body(repeat), Ct);
        Assert.True((await Json.ReadObjectAsync(replayed))["replayed"]!.GetValue<bool>());

        // And a silo entered directly agrees: the seventh transaction of the day.
        using var direct = await fixture.Cluster.Client(2, TestApiKeys.Scorer).PostAsync(
            "/v1/transactions/score", Json.Body(Json.Transaction(customer: customer, amount: 40, timestamp: "2018-08-10T12:30:00Z")), Ct);
        Assert.Equal(7, (await Json.ReadObjectAsync(direct))["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
    }

    [Fact]
    public async Task Bad_input_through_a_gateway_gets_the_same_4xx_problem_details_as_from_a_silo()
    {
        var gateway = fixture.Client(fixture.GatewayA, TestApiKeys.Scorer);
        var invalid = Json.Transaction();
        invalid.Remove("amount");

        using var missingField = await gateway.PostAsync("/v1/transactions/score", Json.Body(invalid), Ct);
        using var malformed = await gateway.PostAsync("/v1/transactions/score", Json.Body("{\"transactionId\":"), Ct);
        using var anonymous = await fixture.Client(fixture.GatewayA, apiKey: null).PostAsync("/v1/transactions/score", Json.Body(Json.Transaction()), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missingField.StatusCode);
        Assert.Equal("application/problem+json", missingField.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json.ReadObjectAsync(missingField))["errors"]!.AsObject().ContainsKey("amount"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.EndsWith("malformed-json", (await Json.ReadObjectAsync(malformed))["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_gateway_with_no_silo_is_not_ready_and_answers_a_score_with_a_retryable_503_by_the_deadline()
    {
        var gateway = fixture.Client(fixture.Lonely, TestApiKeys.Admin);
        using var alive = await gateway.GetAsync("/healthz", Ct);
        using var ready = await gateway.GetAsync("/readyz", Ct);
        var started = Stopwatch.GetTimestamp();

        using var score = await gateway.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction()), Ct);

        // A silo with an empty view would have run the call itself; the gateway has nothing to run it in, waits for a
        // silo until the call's deadline (ScoreAsync: 10 s), and says "not run, retry".
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, score.StatusCode);
        Assert.Equal("application/problem+json", score.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(score.Headers.RetryAfter);
        var problem = await Json.ReadObjectAsync(score);
        Assert.EndsWith("unavailable", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("No silo is active", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Metrics_of_the_gateway_and_of_the_cluster_silos_count_the_requests_calls_and_decisions_a_test_made()
    {
        const int Count = 5;
        var gateway = fixture.Client(fixture.GatewayA, TestApiKeys.Scorer);
        var silos = Enumerable.Range(0, fixture.Cluster.Silos.Count).Select(i => fixture.Cluster.Client(i, TestApiKeys.Scorer)).ToArray();
        var gatewayBefore = await Scrape.GetAsync(gateway);
        var silosBefore = await Task.WhenAll(silos.Select(Scrape.GetAsync));

        var customer = Json.Unique("c");
        for (var i = 0; i < Count; i++)
        {
            using var response = await gateway.PostAsync(
                "/v1/transactions/score", Json.Body(Json.Transaction(customer: customer, amount: 15 + i, timestamp: $"2018-08-10T13:{i:00}:00Z")), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Durations are recorded just after the caller has its answer: wait for the last ones.
        (string, string)[] scores = [("http_route", "/v1/transactions/score"), ("http_response_status_code", "200")];
        (string, string)[] calls = [("grain_type", "customer"), ("grain_method", "ScoreAsync"), ("outcome", "ok")];
        var gatewayAfter = await Scrape.GetWhenAsync(gateway,
            s => s.Sum("http_server_request_duration_seconds_count", scores) - gatewayBefore.Sum("http_server_request_duration_seconds_count", scores) >= Count
                && s.Sum("fraudactors_cluster_remote_calls_total", ("outcome", "ok")) - gatewayBefore.Sum("fraudactors_cluster_remote_calls_total", ("outcome", "ok")) >= Count,
            "the gateway recorded the last request and remote call");
        Scrape[] silosAfter = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                silosAfter = await Task.WhenAll(silos.Select(Scrape.GetAsync));
                return silosAfter.Sum(s => s.Sum("fraudactors_grain_calls_total", calls)) - silosBefore.Sum(s => s.Sum("fraudactors_grain_calls_total", calls)) >= Count;
            },
            "the silos recorded the last grain call");
        double SilosDelta(string name, params (string, string)[] labels) =>
            silosAfter.Sum(s => s.Sum(name, labels)) - silosBefore.Sum(s => s.Sum(name, labels));

        // The gateway served the requests and sent each call to a silo; it decides nothing itself.
        Assert.Equal(Count, gatewayAfter.Sum("http_server_request_duration_seconds_count", scores) - gatewayBefore.Sum("http_server_request_duration_seconds_count", scores));
        Assert.Equal(Count, gatewayAfter.Sum("fraudactors_cluster_remote_calls_total", ("outcome", "ok")) - gatewayBefore.Sum("fraudactors_cluster_remote_calls_total", ("outcome", "ok")));
        Assert.DoesNotContain("fraudactors_decisions_total", gatewayAfter.Types.Keys);

        // The silos ran the calls and made the decisions, between them exactly once each.
        Assert.Equal(Count, SilosDelta("fraudactors_grain_calls_total", calls));
        Assert.Equal(Count, SilosDelta("fraudactors_decisions_total", ("model_version", fixture.Cluster.Model.Manifest.Version)));
        Assert.Equal(Count, SilosDelta("fraudactors_score_count"));
        Assert.All(silosAfter, scrape => Assert.Equal(
            fixture.Cluster.Model.Manifest.Version,
            Assert.Single(scrape.Where("fraudactors_model_serving", ("role", "champion"))).Labels["model_version"]));
    }
}
