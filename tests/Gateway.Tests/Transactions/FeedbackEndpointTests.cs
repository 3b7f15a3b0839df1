using System.Net;
using FraudActors.Testing;

namespace FraudActors.Gateway.Tests.Transactions;

public sealed class FeedbackEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private async Task<string> ScoredAsync()
    {
        var transaction = Json.Transaction();
        using var response = await node.Client.PostAsync("/v1/transactions/score", Json.Body(transaction), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return transaction["transactionId"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> FeedbackAsync(string id, string json, string key = TestApiKeys.Analyst)
    {
        var client = node.Factory.CreateClient(key);
        return client.PostAsync($"/v1/transactions/{id}/feedback", Json.Body(json), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_label_is_accepted_once_durable_a_repeat_changes_nothing_and_a_correction_keeps_the_previous()
    {
        var id = await ScoredAsync();

        using var first = await FeedbackAsync(id, """{"label":"fraud","source":"analyst","comment":"card reported stolen"}""");
        using var repeat = await FeedbackAsync(id, """{"label":"fraud","source":"customer"}""");
        using var correction = await FeedbackAsync(id, """{"label":"legit"}""");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True((await Json.ReadObjectAsync(first))["changed"]!.GetValue<bool>());
        Assert.False((await Json.ReadObjectAsync(repeat))["changed"]!.GetValue<bool>());
        var corrected = await Json.ReadObjectAsync(correction);
        Assert.Equal(("legit", "fraud"), (corrected["label"]!.GetValue<string>(), corrected["previousLabel"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"label":"maybe"}""", "label")]
    [InlineData("""{}""", "label")]
    [InlineData("""{"label":"fraud","source":"bank"}""", "source")]
    [InlineData("""{"label":"fraud","source":"analyst","extra":1}""", "extra")]
    [InlineData("""{"label":1}""", "label")]
    public async Task Bad_feedback_is_a_400_naming_the_field(string json, string field)
    {
        var id = await ScoredAsync();

        using var response = await FeedbackAsync(id, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Feedback_on_an_unknown_transaction_is_a_404_and_a_scorer_may_not_label()
    {
        using var unknown = await FeedbackAsync("never-scored", """{"label":"fraud"}""");
        using var scorer = await FeedbackAsync(await ScoredAsync(), """{"label":"fraud"}""", TestApiKeys.Scorer);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, scorer.StatusCode);
    }
}
