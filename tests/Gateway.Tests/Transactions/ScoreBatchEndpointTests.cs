using System.Net;
using System.Text.Json.Nodes;

namespace FraudActors.Gateway.Tests.Transactions;

public sealed class ScoreBatchEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private Task<HttpResponseMessage> ScoreBatchAsync(JsonNode body) =>
        node.Client.PostAsync("/v1/transactions/score-batch", Json.Body(body), TestContext.Current.CancellationToken);

    private static JsonObject Batch(params JsonObject[] transactions) => new() { ["transactions"] = new JsonArray(transactions) };

    [Fact]
    public async Task A_batch_is_scored_in_order_with_one_result_per_transaction()
    {
        var customer = Json.Unique("c");
        var transactions = Enumerable.Range(0, 20)
            .Select(i => Json.Transaction(customer: customer, amount: 10 + i, timestamp: $"2018-08-10T10:{i:00}:00Z"))
            .ToArray();

        using var response = await ScoreBatchAsync(Batch(transactions));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await Json.ReadObjectAsync(response))["results"]!.AsArray();
        Assert.Equal(transactions.Select(t => t["transactionId"]!.GetValue<string>()), results.Select(r => r!["transactionId"]!.GetValue<string>()));
        Assert.All(results, r => Assert.Equal(200, r!["status"]!.GetValue<int>()));

        // Scored in order: the i-th transaction of the customer sees i + 1 transactions in its day.
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i),
            results.Select(r => r!["result"]!["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>()));
    }

    [Fact]
    public async Task One_invalid_item_rejects_the_whole_batch_naming_its_path_and_nothing_is_scored()
    {
        var good = Json.Transaction();
        var bad = Json.Transaction();
        bad["amount"] = "lots";

        using var response = await ScoreBatchAsync(Batch(good, bad));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey("transactions[1].amount"));
        using var lookup = await node.Client.GetAsync($"/v1/transactions/{good["transactionId"]}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Batches_over_the_limit_or_empty_are_refused_naming_transactions()
    {
        var tooMany = Batch(Enumerable.Range(0, 1001).Select(_ => Json.Transaction()).ToArray());
        using var over = await ScoreBatchAsync(tooMany);
        using var empty = await ScoreBatchAsync(Batch());
        using var missing = await ScoreBatchAsync(new JsonObject());

        foreach (var response in new[] { over, empty, missing })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey("transactions"));
        }
    }

    [Fact]
    public async Task A_domain_refusal_is_reported_per_transaction_while_the_others_are_scored()
    {
        var first = Json.Transaction();
        using var seed = await node.Client.PostAsync("/v1/transactions/score", Json.Body(first), TestContext.Current.CancellationToken);
        var conflicting = JsonNode.Parse(first.ToJsonString())!.AsObject();
        conflicting["amount"] = 1.23m;

        using var response = await ScoreBatchAsync(Batch(Json.Transaction(), conflicting, Json.Transaction()));

        var statuses = (await Json.ReadObjectAsync(response))["results"]!.AsArray().Select(r => r!["status"]!.GetValue<int>());
        Assert.Equal([200, 409, 200], statuses);
    }
}
