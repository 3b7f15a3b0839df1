using System.Net;

namespace FraudActors.Gateway.Tests.Transactions;

public sealed class GetTransactionEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    [Fact]
    public async Task The_logged_decision_is_returned_with_its_transaction()
    {
        var transaction = Json.Transaction(amount: 12.30m, timestamp: "2018-08-10T10:15:00+02:00");
        using var scored = await node.Client.PostAsync("/v1/transactions/score", Json.Body(transaction), TestContext.Current.CancellationToken);
        var decision = await Json.ReadObjectAsync(scored);

        using var response = await node.Client.GetAsync($"/v1/transactions/{transaction["transactionId"]}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = await Json.ReadObjectAsync(response);
        Assert.Equal(12.30m, logged["transaction"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("2018-08-10T10:15:00+02:00", logged["transaction"]!["timestamp"]!.GetValue<string>());
        Assert.Equal(decision["score"]!.GetValue<double>(), logged["result"]!["score"]!.GetValue<double>());
        Assert.Equal(decision["reasons"]!.ToJsonString(), logged["result"]!["reasons"]!.ToJsonString());
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_overlong_ids_400()
    {
        using var unknown = await node.Client.GetAsync("/v1/transactions/never-scored", TestContext.Current.CancellationToken);
        using var overlong = await node.Client.GetAsync($"/v1/transactions/{new string('x', 129)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
    }
}
