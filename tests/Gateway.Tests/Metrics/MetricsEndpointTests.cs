using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Metrics;

/// <summary>The embedded node's <c>/metrics</c>: what a scrape shows after the test scored transactions.</summary>
public sealed class MetricsEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private const string ScoreRoute = "/v1/transactions/score";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scoring_shows_in_the_decision_score_grain_call_and_request_metrics_by_the_counts_it_caused()
    {
        var before = await Scrape.GetAsync(node.Client);
        var decisions = new Dictionary<string, int>();
        const int Count = 7;
        var customer = Json.Unique("c");
        var firstId = string.Empty;
        for (var i = 0; i < Count; i++)
        {
            var transaction = Json.Transaction(customer: customer, amount: 10 + (i * 300), timestamp: $"2018-08-10T10:{i:00}:00Z");
            using var response = await node.Client.PostAsync(ScoreRoute, Json.Body(transaction), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            firstId = i == 0 ? transaction["transactionId"]!.GetValue<string>() : firstId;
            var decision = (await Json.ReadObjectAsync(response))["decision"]!.GetValue<string>();
            decisions[decision] = decisions.GetValueOrDefault(decision) + 1;
        }

        // A replay is no new decision, though it is a request and a grain call.
        using (var replay = await node.Client.PostAsync(ScoreRoute, Json.Body(Json.Transaction(id: firstId, customer: customer, amount: 10, timestamp: "2018-08-10T10:00:00Z")), Ct))
        {
            Assert.True((await Json.ReadObjectAsync(replay))["replayed"]!.GetValue<bool>());
        }

        var requests = ("http_server_request_duration_seconds_count", new[] { ("http_route", ScoreRoute), ("http_response_status_code", "200") });
        var calls = ("fraudactors_grain_calls_total", new[] { ("grain_type", "customer"), ("grain_method", "ScoreAsync"), ("outcome", "ok") });
        var after = await Scrape.GetWhenAsync(node.Client,
            s => s.Sum(requests.Item1, requests.Item2) - before.Sum(requests.Item1, requests.Item2) >= Count + 1
                && s.Sum(calls.Item1, calls.Item2) - before.Sum(calls.Item1, calls.Item2) >= Count + 1,
            "the last request and grain call are recorded");
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        var version = ("model_version", node.Model.Manifest.Version);

        Assert.Equal("counter", after.Types["fraudactors_decisions_total"]);
        foreach (var outcome in new[] { "approve", "review", "decline" })
        {
            Assert.Equal(decisions.GetValueOrDefault(outcome), Delta("fraudactors_decisions_total", ("decision", outcome), version));
        }

        Assert.Equal("histogram", after.Types["fraudactors_score"]);
        Assert.Equal(Count, Delta("fraudactors_score_count", version));
        Assert.Equal(Count, Delta("fraudactors_score_bucket", ("le", "+Inf"), version));
        Assert.Equal(Count + 1, Delta("fraudactors_grain_calls_total", ("grain_type", "customer"), ("grain_method", "ScoreAsync"), ("outcome", "ok")));
        Assert.Equal(Count + 1, Delta("fraudactors_grain_call_duration_seconds_count", ("grain_type", "customer"), ("grain_method", "ScoreAsync")));
        Assert.Equal("histogram", after.Types["http_server_request_duration_seconds"]);
        Assert.Equal(Count + 1, Delta("http_server_request_duration_seconds_count", ("http_route", ScoreRoute), ("http_response_status_code", "200")));
        Assert.Equal(Count, Delta("fraudactors_decision_log_appended_total"));
    }

    [Fact]
    public async Task Live_activations_are_counted_per_grain_type()
    {
        using (var response = await node.Client.PostAsync(ScoreRoute, Json.Body(Json.Transaction(customer: Json.Unique("c"))), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var scrape = await Scrape.GetAsync(node.Client);

        Assert.Equal("gauge", scrape.Types["fraudactors_grain_activations"]);
        Assert.True(scrape.Sum("fraudactors_grain_activations", ("grain_type", "customer")) >= 1);
        Assert.True(scrape.Sum("fraudactors_grain_activations", ("grain_type", "terminal")) >= 1);
    }

    [Fact]
    public async Task A_fresh_node_serves_metrics_without_an_api_key_and_names_its_champion_before_any_transaction()
    {
        using var factory = new NodeFactory(node.Model.ArtifactsPath);
        using var anonymous = factory.CreateClient(apiKey: null);

        using var response = await anonymous.GetAsync("/metrics", Ct);
        using var scoring = await anonymous.PostAsync(ScoreRoute, Json.Body(Json.Transaction()), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, scoring.StatusCode);

        Scrape scrape = null!;
        await Eventually.HoldsAsync(async () => (scrape = await Scrape.GetAsync(anonymous)).Where("fraudactors_model_serving").Any(), "the champion is loaded");
        var serving = Assert.Single(scrape.Where("fraudactors_model_serving"));
        Assert.Equal(1, serving.Value);
        Assert.Equal("champion", serving.Labels["role"]);
        Assert.Equal(node.Model.Manifest.Version, serving.Labels["model_version"]);
        Assert.Equal("champion_only", serving.Labels["traffic"]);
        Assert.True(scrape.Sum("fraudactors_model_revision") >= 1);
        Assert.Equal(0, scrape.Sum("fraudactors_decisions_total"));
    }

    [Fact]
    public async Task A_node_without_a_model_reports_revision_zero_and_no_serving_model()
    {
        using var factory = new NodeFactory(artifactsDirectory: null);
        using var client = factory.CreateClient(apiKey: null);

        var scrape = await Scrape.GetAsync(client);

        Assert.Empty(scrape.Where("fraudactors_model_serving"));
        Assert.Equal(0, Assert.Single(scrape.Where("fraudactors_model_revision")).Value);
    }
}
