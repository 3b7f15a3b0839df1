using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Ml.Models;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Admin;

/// <summary>A node whose catalog holds a champion and two more versions; each test class gets its own registry.</summary>
public sealed class LifecycleNode : IDisposable
{
    public LifecycleNode()
    {
        Model = new TrainedModel();
        Second = Model.AddVersion(rounds: 12, maxDepth: 3, new DateTimeOffset(2018, 6, 2, 0, 0, 0, TimeSpan.Zero));
        Third = Model.AddVersion(rounds: 8, maxDepth: 2, new DateTimeOffset(2018, 6, 3, 0, 0, 0, TimeSpan.Zero));
        Factory = new NodeFactory(Model.ArtifactsPath);
        Admin = Factory.CreateClient(TestApiKeys.Admin);
    }

    public TrainedModel Model { get; }

    public ModelManifest Second { get; }

    public ModelManifest Third { get; }

    public NodeFactory Factory { get; }

    public HttpClient Admin { get; }

    public void Dispose()
    {
        Admin.Dispose();
        Factory.Dispose();
        Model.Dispose();
    }
}

public sealed class ModelAdminTests(LifecycleNode node) : IClassFixture<LifecycleNode>
{
    private HttpClient Admin => node.Admin;

    private async Task<JsonObject> RegistryAsync()
    {
        using var response = await Admin.GetAsync("/admin/models", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadObjectAsync(response);
    }

    private static string? Champion(JsonObject registry) => registry["assignment"]!["champion"]?["version"]?.GetValue<string>();

    private async Task<string> ScoredVersionAsync()
    {
        using var response = await Admin.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction()), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await Json.ReadObjectAsync(response))["modelVersion"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string? json = null) =>
        Admin.PostAsync(path, json is null ? null : Json.Body(json), TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_catalog_bootstraps_the_registry_with_every_version_and_its_metrics()
    {
        var registry = await RegistryAsync();

        var versions = registry["versions"]!.AsArray().Select(v => v!["description"]!["version"]!.GetValue<string>()).ToArray();
        Assert.Contains(node.Model.Manifest.Version, versions);
        Assert.Contains(node.Second.Version, versions);
        Assert.Contains(node.Third.Version, versions);
        Assert.Contains(registry["history"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "registered");
        var silo = Assert.Single(registry["silos"]!.AsArray());
        Assert.Equal(Champion(registry), silo!["champion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Promote_then_roll_back_changes_what_scores_in_one_call_each()
    {
        var before = Champion(await RegistryAsync())!;
        var target = before == node.Second.Version ? node.Third.Version : node.Second.Version;

        using var promoted = await PostAsync($"/admin/models/{target}/promote", """{"reason":"test"}""");
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        await Eventually.HoldsAsync(async () => await ScoredVersionAsync() == target, "scores from the promoted version");

        using var rolledBack = await PostAsync("/admin/models/rollback");
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(before, Champion(await Json.ReadObjectAsync(rolledBack)));
        await Eventually.HoldsAsync(async () => await ScoredVersionAsync() == before, "scores from the previous champion again");

        var history = (await RegistryAsync())["history"]!.AsArray();
        Assert.Equal("rolled-back", history[0]!["action"]!.GetValue<string>());
        Assert.Equal("test-admin", history[0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_change_nothing()
    {
        var before = (await RegistryAsync())["assignment"]!.ToJsonString();

        using var unknown = await PostAsync("/admin/models/no-such-version/promote");
        using var badTraffic = await Admin.PutAsync("/admin/traffic", Json.Body("""{"mode":"canary","canaryPercent":140}"""), TestContext.Current.CancellationToken);
        using var unknownMode = await Admin.PutAsync("/admin/traffic", Json.Body("""{"mode":"half"}"""), TestContext.Current.CancellationToken);
        using var unknownField = await Admin.PutAsync("/admin/traffic", Json.Body("""{"mode":"shadow","share":3}"""), TestContext.Current.CancellationToken);
        using var noReason = await PostAsync($"/admin/models/{node.Third.Version}/reject", "{}");
        using var malformed = await PostAsync($"/admin/models/{node.Third.Version}/promote", "{not json");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTraffic.StatusCode);
        Assert.True((await Json.ReadObjectAsync(badTraffic))["errors"]!.AsObject().ContainsKey("canaryPercent"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownMode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(before, (await RegistryAsync())["assignment"]!.ToJsonString());
    }

    [Fact]
    public async Task Canary_and_shadow_need_a_challenger_and_a_rejected_version_cannot_serve()
    {
        var champion = Champion(await RegistryAsync());
        var spare = champion == node.Third.Version ? node.Second.Version : node.Third.Version;

        using var clear = await Admin.PutAsync("/admin/models/challenger", Json.Body("""{"version":null}"""), TestContext.Current.CancellationToken);
        using var shadowAlone = await Admin.PutAsync("/admin/traffic", Json.Body("""{"mode":"shadow"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, shadowAlone.StatusCode);

        using var challenger = await Admin.PutAsync("/admin/models/challenger", Json.Body($$"""{"version":"{{spare}}"}"""), TestContext.Current.CancellationToken);
        using var shadow = await Admin.PutAsync("/admin/traffic", Json.Body("""{"mode":"shadow"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, shadow.StatusCode);
        Assert.Equal("shadow", (await Json.ReadObjectAsync(shadow))["assignment"]!["traffic"]!["mode"]!.GetValue<string>());

        using var rejected = await PostAsync($"/admin/models/{spare}/reject", """{"reason":"worse AP on the last week"}""");
        var afterReject = await Json.ReadObjectAsync(rejected);
        Assert.Null(afterReject["assignment"]!["challenger"]);
        Assert.Equal("champion-only", afterReject["assignment"]!["traffic"]!["mode"]!.GetValue<string>());

        using var promoteRejected = await PostAsync($"/admin/models/{spare}/promote");
        Assert.Equal(HttpStatusCode.Conflict, promoteRejected.StatusCode);
        Assert.Equal(champion, Champion(await RegistryAsync()));
    }

    [Fact]
    public async Task Admin_endpoints_require_the_admin_role()
    {
        using var analyst = node.Factory.CreateClient(TestApiKeys.Analyst);
        using var anonymous = node.Factory.CreateClient(apiKey: null);

        using var forbidden = await analyst.GetAsync("/admin/models", TestContext.Current.CancellationToken);
        using var unauthenticated = await anonymous.PostAsync("/admin/models/rollback", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }
}

public sealed class CorruptArtifactTests : IDisposable
{
    private readonly LifecycleNode _node = new();

    [Fact]
    public async Task Promoting_a_version_whose_artifact_was_tampered_with_is_refused_and_nothing_changes()
    {
        using var before = await _node.Admin.GetAsync("/admin/models", TestContext.Current.CancellationToken);
        var assignment = (await Json.ReadObjectAsync(before))["assignment"]!.ToJsonString();
        await File.WriteAllTextAsync(_node.Model.ArtifactPath(_node.Third.ArtifactSha256), "{\"tampered\":true}", TestContext.Current.CancellationToken);

        using var promote = await _node.Admin.PostAsync($"/admin/models/{_node.Third.Version}/promote", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, promote.StatusCode);
        Assert.EndsWith("corrupt-artifact", (await Json.ReadObjectAsync(promote))["type"]!.GetValue<string>(), StringComparison.Ordinal);
        using var after = await _node.Admin.GetAsync("/admin/models", TestContext.Current.CancellationToken);
        Assert.Equal(assignment, (await Json.ReadObjectAsync(after))["assignment"]!.ToJsonString());
    }

    public void Dispose() => _node.Dispose();
}
