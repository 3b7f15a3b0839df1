using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Security;

public sealed class RoleTests(ServingNode node) : IClassFixture<ServingNode>
{
    public static TheoryData<string, string, string?, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<string, string, string?, HttpStatusCode>();
        var endpoints = new (string Method, string Path, HttpStatusCode Scorer, HttpStatusCode Analyst)[]
        {
            ("POST", "/v1/transactions/score", HttpStatusCode.OK, HttpStatusCode.Forbidden),
            ("POST", "/v1/transactions/score-batch", HttpStatusCode.OK, HttpStatusCode.Forbidden),
            ("GET", "/v1/transactions/{scored}", HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("GET", "/v1/customers/{customer}/features?asOf=2018-08-10T12:00:00Z", HttpStatusCode.Forbidden, HttpStatusCode.OK),
        };
        foreach (var (method, path, scorer, analyst) in endpoints)
        {
            data.Add(method, path, null, HttpStatusCode.Unauthorized);
            data.Add(method, path, "fa_not-a-known-key", HttpStatusCode.Unauthorized);
            data.Add(method, path, TestApiKeys.Scorer, scorer);
            data.Add(method, path, TestApiKeys.Analyst, analyst);
            data.Add(method, path, TestApiKeys.Admin, HttpStatusCode.OK);
        }

        data.Add("GET", "/healthz", null, HttpStatusCode.OK);
        data.Add("GET", "/readyz", null, HttpStatusCode.OK);
        data.Add("GET", "/openapi/v1.json", null, HttpStatusCode.OK);
        data.Add("GET", "/metrics", null, HttpStatusCode.OK);   // operational, open like /healthz (docs/OBSERVABILITY.md)
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_endpoint_answers_each_role_as_documented(string method, string path, string? key, HttpStatusCode expected)
    {
        // A transaction to read back, scored with the admin key.
        var seed = Json.Transaction(timestamp: "2018-08-10T10:00:00Z");
        using var seeded = await node.Client.PostAsync("/v1/transactions/score", Json.Body(seed), TestContext.Current.CancellationToken);
        seeded.EnsureSuccessStatusCode();

        using var client = node.Factory.CreateClient(key);
        var url = path.Replace("{scored}", seed["transactionId"]!.GetValue<string>(), StringComparison.Ordinal)
            .Replace("{customer}", seed["customerId"]!.GetValue<string>(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = path.EndsWith("batch", StringComparison.Ordinal)
                ? Json.Body(new System.Text.Json.Nodes.JsonObject { ["transactions"] = new System.Text.Json.Nodes.JsonArray(Json.Transaction()) })
                : Json.Body(Json.Transaction());
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public void Stored_keys_are_hashes_and_a_malformed_entry_stops_the_node()
    {
        Assert.DoesNotContain(TestApiKeys.Settings.Values, value => value.Contains(TestApiKeys.Admin, StringComparison.Ordinal));

        using var broken = new NodeFactory(node.Model.ArtifactsPath, new Dictionary<string, string?> { ["Security:ApiKeys:2:Role"] = "superuser" });
        var failure = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("superuser", failure.ToString(), StringComparison.Ordinal);
    }
}
