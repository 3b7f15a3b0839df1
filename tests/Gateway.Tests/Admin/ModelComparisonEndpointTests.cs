using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Admin;

public sealed class ModelComparisonEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Comparing_without_a_challenger_is_a_409_saying_so()
    {
        using var response = await node.Client.GetAsync("/admin/models/comparison", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await Json.ReadObjectAsync(response);
        Assert.EndsWith("/no-challenger", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("challenger", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=91")]
    [InlineData("days=-1")]
    [InlineData("days=seven")]
    [InlineData("days=7.5")]
    [InlineData("days=")]
    [InlineData("days=1&days=2")]
    public async Task Days_out_of_range_or_not_a_number_is_a_400_naming_days(string query)
    {
        using var response = await node.Client.GetAsync($"/admin/models/comparison?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey("days"));
    }
}
