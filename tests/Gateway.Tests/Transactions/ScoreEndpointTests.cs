using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FraudActors.Gateway.Transactions;

namespace FraudActors.Gateway.Tests.Transactions;

public sealed class ScoreEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
    private HttpClient Client => node.Client;

    private Task<HttpResponseMessage> ScoreAsync(HttpContent body) =>
        Client.PostAsync("/v1/transactions/score", body, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_transaction_is_scored_with_reasons_features_and_the_serving_model()
    {
        var transaction = Json.Transaction(amount: 57.16m);
        using var response = await ScoreAsync(Json.Body(transaction));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var document = JsonSerializer.Deserialize<ScoreResponseDocument>(body, Strict)!;   // the documented shape, nothing more
        Assert.Equal(transaction["transactionId"]!.GetValue<string>(), document.TransactionId);
        Assert.InRange(document.Score, 0, 1);
        Assert.Contains(document.Decision, new[] { "approve", "review", "decline" });
        Assert.Equal(node.Model.Manifest.Version, document.ModelVersion);
        Assert.Equal(3, document.Reasons.Count);
        Assert.Equal(15, document.Features.Count);
        Assert.Equal(57.16, document.Features["TX_AMOUNT"]);
        Assert.Equal(1, document.Features["CUSTOMER_ID_NB_TX_1DAY_WINDOW"]);
        Assert.False(document.Replayed);
    }

    [Fact]
    public async Task A_repeated_request_returns_the_logged_decision_marked_replayed()
    {
        var transaction = Json.Transaction();
        using var first = await ScoreAsync(Json.Body(transaction));
        using var second = await ScoreAsync(Json.Body(transaction));

        var (a, b) = (await Json.ReadObjectAsync(first), await Json.ReadObjectAsync(second));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(b["replayed"]!.GetValue<bool>());
        Assert.Equal(a["score"]!.GetValue<double>(), b["score"]!.GetValue<double>());
        Assert.Equal(a["decidedAt"]!.GetValue<string>(), b["decidedAt"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "missing transactionId", """{"customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "transactionId" },
        { "missing amount", """{"transactionId":"x","customerId":"c","terminalId":"t","timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "missing timestamp", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1}""", "timestamp" },
        { "amount as string", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":"12.5","timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "NaN as string", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":"NaN","timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "negative amount", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":-0.01,"timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "absurd amount", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1e12,"timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "unrepresentable amount", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1e400,"timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "three decimals", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1.005,"timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "id as number", """{"transactionId":42,"customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "transactionId" },
        { "empty customer", """{"transactionId":"x","customerId":"","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "customerId" },
        { "blank terminal", """{"transactionId":"x","customerId":"c","terminalId":"   ","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "terminalId" },
        { "id of 129 characters", $$"""{"transactionId":"{{new string('x', 129)}}","customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "transactionId" },
        { "control character in id", """{"transactionId":"a\u0000b","customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z"}""", "transactionId" },
        { "timestamp without offset", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00"}""", "timestamp" },
        { "unparsable timestamp", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":"yesterday"}""", "timestamp" },
        { "far-future timestamp", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":"2999-01-01T00:00:00Z"}""", "timestamp" },
        { "timestamp before 2000", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":"1999-12-31T23:59:59Z"}""", "timestamp" },
        { "timestamp as number", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":1533895200}""", "timestamp" },
        { "unknown field", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"timestamp":"2018-08-10T10:00:00Z","currency":"EUR"}""", "currency" },
        { "repeated field", """{"transactionId":"x","customerId":"c","terminalId":"t","amount":1,"amount":2,"timestamp":"2018-08-10T10:00:00Z"}""", "amount" },
        { "array instead of object", """[{"transactionId":"x"}]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_nothing_is_written(string why, string json, string field)
    {
        var id = Json.Unique("bad");
        using var response = await ScoreAsync(Json.Body(json.Replace("\"x\"", $"\"{id}\"", StringComparison.Ordinal)));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadObjectAsync(response);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{why}: errors {problem["errors"]}");
        Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var lookup = await Client.GetAsync($"/v1/transactions/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        using var response = await ScoreAsync(Json.Body("""{"transactionId":"","amount":"1","timestamp":"now"}"""));

        var errors = (await Json.ReadObjectAsync(response))["errors"]!.AsObject();
        Assert.Equal(["amount", "customerId", "terminalId", "timestamp", "transactionId"], errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("{\"transactionId\": ", "malformed-json")]
    [InlineData("{\"amount\": NaN}", "malformed-json")]
    [InlineData("", "malformed-json")]
    [InlineData("{\"transactionId\":\"a\",\"customerId\":\"c\",\"terminalId\":\"t\",\"amount\":1,\"timestamp\":\"2018-08-10T10:00:00Z\"} {}", "malformed-json")]
    public async Task Malformed_json_is_a_400_problem(string json, string type)
    {
        using var response = await ScoreAsync(Json.Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith(type, (await Json.ReadObjectAsync(response))["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_a_wrong_media_type_a_415()
    {
        var huge = Json.Transaction();
        huge["padding"] = new string('x', 20_000);
        using var tooLarge = await ScoreAsync(Json.Body(huge));
        using var notJson = await ScoreAsync(Json.Body(Json.Transaction().ToJsonString(), "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task The_same_id_for_another_transaction_is_a_409_naming_transactionId()
    {
        var transaction = Json.Transaction();
        using var first = await ScoreAsync(Json.Body(transaction));
        transaction["amount"] = 99.99m;
        using var second = await ScoreAsync(Json.Body(transaction));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("transactionId", (await Json.ReadObjectAsync(second))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_transaction_older_than_the_allowed_lateness_is_a_422_naming_timestamp()
    {
        var customer = Json.Unique("c");
        using var recent = await ScoreAsync(Json.Body(Json.Transaction(customer: customer, timestamp: "2018-08-10T10:00:00Z")));
        using var stale = await ScoreAsync(Json.Body(Json.Transaction(customer: customer, timestamp: "2018-08-08T09:00:00Z")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        var problem = await Json.ReadObjectAsync(stale);
        Assert.Equal("timestamp", problem["field"]!.GetValue<string>());
    }
}
