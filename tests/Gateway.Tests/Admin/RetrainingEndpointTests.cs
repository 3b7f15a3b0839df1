using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Admin;

public sealed class RetrainingEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private async Task<JsonObject> StatusAsync()
    {
        using var response = await node.Client.GetAsync("/admin/retrain", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadObjectAsync(response);
    }

    // A request while a job runs joins that job: wait for the node to be idle so the job is this test's own.
    private Task IdleAsync() => Eventually.HoldsAsync(async () => (await StatusAsync())["running"] is null, "no retraining job to run");

    [Fact]
    public async Task A_retraining_request_is_accepted_at_once_and_ends_in_a_report_on_the_status()
    {
        var reason = Json.Unique("admin test");
        await IdleAsync();

        using var accepted = await node.Client.PostAsync("/admin/retrain", Json.Body($$"""{"fineTune":true,"reason":"{{reason}}"}"""), Cancel);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/admin/retrain", accepted.Headers.Location?.OriginalString);
        var running = (await Json.ReadObjectAsync(accepted))["running"]!;
        Assert.Equal(reason, running["reason"]!.GetValue<string>());
        Assert.Equal("test-admin", running["actor"]!.GetValue<string>());
        Assert.True(running["fineTune"]!.GetValue<bool>());

        JsonObject? report = null;
        await Eventually.HoldsAsync(async () =>
        {
            report = (await StatusAsync())["reports"]!.AsArray().Select(r => r!.AsObject()).FirstOrDefault(r => r["request"]!["reason"]!.GetValue<string>() == reason);
            return report is not null;
        }, "the job's report");

        // The node has scored nothing, so there is nothing to learn from: the job refuses, judged against the champion.
        Assert.Equal("refused", report!["outcome"]!.GetValue<string>());
        Assert.Equal(node.Model.Manifest.Version, report["championVersion"]!.GetValue<string>());
        Assert.Null(report["challengerVersion"]);
        Assert.False(string.IsNullOrWhiteSpace(report["verdict"]!.GetValue<string>()));
        Assert.True(report["finishedAt"]!.GetValue<DateTimeOffset>() >= report["startedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_retraining_request_without_a_body_uses_the_defaults()
    {
        await IdleAsync();

        using var accepted = await node.Client.PostAsync("/admin/retrain", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var running = (await Json.ReadObjectAsync(accepted))["running"]!;
        Assert.Equal("admin request", running["reason"]!.GetValue<string>());
        Assert.Equal("test-admin", running["actor"]!.GetValue<string>());
        Assert.Null(running["fineTune"]);
        await IdleAsync();
    }

    [Theory]
    [InlineData("""{"fineTune":"yes"}""", "fineTune")]
    [InlineData("""{"reason":42}""", "reason")]
    [InlineData("""{"reason":"  "}""", "reason")]
    [InlineData("""{"force":true}""", "force")]
    public async Task A_bad_retraining_body_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await node.Client.PostAsync("/admin/retrain", Json.Body(json), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey(field));
    }

    [Theory]
    [InlineData("POST", "/admin/retrain", TestApiKeys.Scorer, HttpStatusCode.Forbidden)]
    [InlineData("POST", "/admin/retrain", TestApiKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData("POST", "/admin/retrain", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/admin/retrain", TestApiKeys.Scorer, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/admin/retrain", TestApiKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/admin/retrain", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/admin/models/comparison", TestApiKeys.Scorer, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/admin/models/comparison", TestApiKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/admin/models/comparison", null, HttpStatusCode.Unauthorized)]
    public async Task Only_admins_may_retrain_or_compare(string method, string path, string? key, HttpStatusCode expected)
    {
        var before = (await StatusAsync())["reports"]!.AsArray().Count;
        using var client = node.Factory.CreateClient(key);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await StatusAsync();
        Assert.True(after["running"] is null || after["running"]!["actor"]!.GetValue<string>() == "test-admin", "a refused caller started a job");
        Assert.True(after["reports"]!.AsArray().Count >= before);
    }
}
