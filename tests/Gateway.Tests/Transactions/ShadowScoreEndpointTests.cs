using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FraudActors.Gateway.Tests.Admin;
using FraudActors.Gateway.Transactions;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Transactions;

/// <summary>
/// The challenger's score in shadow mode, as <c>GET /v1/transactions/{id}</c> shows it from the decision log. Each
/// test sets the traffic it needs, so their order does not matter.
/// </summary>
public sealed class ShadowScoreEndpointTests(LifecycleNode node) : IClassFixture<LifecycleNode>
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    private HttpClient Admin => node.Admin;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_shadow_mode_the_logged_decision_shows_the_challengers_score_while_the_champion_decides()
    {
        var (champion, challenger) = await SetTrafficAsync("shadow");
        JsonObject? scored = null;
        JsonObject? logged = null;
        await Eventually.HoldsAsync(async () =>
        {
            (scored, logged) = await ScoreThenGetAsync(Json.Transaction());
            return logged["shadow"] is JsonObject;
        }, "the silo to apply the shadow assignment");

        var result = logged!["result"]!;
        var shadow = logged["shadow"]!;
        Assert.Equal(champion, result["modelVersion"]!.GetValue<string>());
        Assert.Equal(scored!["score"]!.GetValue<double>(), result["score"]!.GetValue<double>());
        Assert.Equal(scored!["decision"]!.GetValue<string>(), result["decision"]!.GetValue<string>());
        Assert.Equal(challenger, shadow["modelVersion"]!.GetValue<string>());
        var shadowScore = shadow["score"]!.GetValue<double>();
        Assert.InRange(shadowScore, 0, 1);
        Assert.NotEqual(result["score"]!.GetValue<double>(), shadowScore);   // a different model scored it
        Assert.Contains(shadow["decision"]!.GetValue<string>(), new[] { "approve", "review", "decline" });

        // The scoring response is the payment system's: it does not carry the shadow score, and keeps its documented shape.
        Assert.False(scored!.ContainsKey("shadow"));
        var document = JsonSerializer.Deserialize<LoggedDecisionDocument>(logged.ToJsonString(), Strict)!;
        Assert.Equal(challenger, document.Shadow!.ModelVersion);
    }

    [Fact]
    public async Task A_replay_after_shadow_mode_ended_keeps_the_logged_shadow_score()
    {
        await SetTrafficAsync("shadow");
        var transaction = Json.Transaction();
        JsonObject? logged = null;
        await Eventually.HoldsAsync(async () =>
        {
            transaction = Json.Transaction();
            (_, logged) = await ScoreThenGetAsync(transaction);
            return logged["shadow"] is JsonObject;
        }, "the silo to apply the shadow assignment");

        await SetTrafficAsync("champion-only");
        await Eventually.HoldsAsync(async () => (await ScoreThenGetAsync(Json.Transaction())).Logged["shadow"] is null, "the silo to leave shadow mode");
        var (replayed, again) = await ScoreThenGetAsync(transaction);

        Assert.True(replayed["replayed"]!.GetValue<bool>());
        Assert.Equal(logged!["shadow"]!.ToJsonString(), again["shadow"]!.ToJsonString());
        Assert.Equal(logged["result"]!["score"]!.GetValue<double>(), replayed["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task In_champion_only_mode_a_logged_decision_has_no_shadow_even_with_a_challenger_set()
    {
        var (champion, _) = await SetTrafficAsync("champion-only");

        // Eventually: an earlier test may have left the silo in shadow mode for a moment.
        JsonObject? logged = null;
        await Eventually.HoldsAsync(async () =>
        {
            (_, logged) = await ScoreThenGetAsync(Json.Transaction());
            return logged.ContainsKey("shadow") && logged["shadow"] is null;
        }, "a logged decision without a shadow score");

        Assert.Equal(champion, logged!["result"]!["modelVersion"]!.GetValue<string>());
        Assert.Null(JsonSerializer.Deserialize<LoggedDecisionDocument>(logged.ToJsonString(), Strict)!.Shadow);
    }

    /// <summary>Sets a challenger other than the champion and the traffic mode; returns both versions.</summary>
    private async Task<(string Champion, string Challenger)> SetTrafficAsync(string mode)
    {
        using var registry = await Admin.GetAsync("/admin/models", Ct);
        var champion = (await Json.ReadObjectAsync(registry))["assignment"]!["champion"]!["version"]!.GetValue<string>();
        var challenger = champion == node.Second.Version ? node.Third.Version : node.Second.Version;
        using var set = await Admin.PutAsync("/admin/models/challenger", Json.Body($$"""{"version":"{{challenger}}"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var traffic = await Admin.PutAsync("/admin/traffic", Json.Body($$"""{"mode":"{{mode}}"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
        return (champion, challenger);
    }

    private async Task<(JsonObject Scored, JsonObject Logged)> ScoreThenGetAsync(JsonObject transaction)
    {
        using var scored = await Admin.PostAsync("/v1/transactions/score", Json.Body(transaction), Ct);
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        using var logged = await Admin.GetAsync($"/v1/transactions/{transaction["transactionId"]}", Ct);
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        return (await Json.ReadObjectAsync(scored), await Json.ReadObjectAsync(logged));
    }
}
