using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Health;

public sealed class HealthAndDocumentTests(ServingNode node) : IClassFixture<ServingNode>
{
    [Fact]
    public async Task A_node_with_a_model_is_live_and_ready()
    {
        using var live = await node.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var ready = await node.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_node_without_a_model_is_live_not_ready_and_answers_scores_with_a_retryable_503()
    {
        using var factory = new NodeFactory(artifactsDirectory: null);
        using var client = factory.CreateClient(TestApiKeys.Scorer);

        using var live = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var score = await client.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, score.StatusCode);
        Assert.Equal("1", score.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_public_api()
    {
        using var response = await node.Client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/v1/transactions/score", paths);
        Assert.Contains("/v1/transactions/score-batch", paths);
        Assert.Contains("/v1/transactions/{transactionId}", paths);
        Assert.Contains("/v1/customers/{customerId}/features", paths);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey("ScoreRequestDocument"));
        Assert.True(schemas.ContainsKey("ScoreResponseDocument"));
    }
}
