using System.Net;

namespace FraudActors.Gateway.Tests.Customers;

public sealed class CustomerFeaturesEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    [Fact]
    public async Task A_customers_window_features_are_served_as_of_a_moment()
    {
        var customer = Json.Unique("c");
        foreach (var (amount, time) in new[] { (10m, "2018-08-10T08:00:00Z"), (30m, "2018-08-10T09:00:00Z") })
        {
            using var _ = await node.Client.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction(customer: customer, amount: amount, timestamp: time)), TestContext.Current.CancellationToken);
        }

        using var response = await node.Client.GetAsync($"/v1/customers/{customer}/features?asOf=2018-08-10T12:00:00Z", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadObjectAsync(response);
        Assert.Equal(2, body["features"]!["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]!.GetValue<double>());
        Assert.Equal(20, body["features"]!["CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW"]!.GetValue<double>());
        Assert.Equal(2, body["retainedTransactions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_customers_are_404_and_a_bad_asOf_400()
    {
        using var unknown = await node.Client.GetAsync($"/v1/customers/{Json.Unique("nobody")}/features", TestContext.Current.CancellationToken);
        using var badAsOf = await node.Client.GetAsync("/v1/customers/c/features?asOf=tomorrow", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAsOf.StatusCode);
        Assert.True((await Json.ReadObjectAsync(badAsOf))["errors"]!.AsObject().ContainsKey("asOf"));
    }
}
