using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FraudActors.Gateway.Tests;

internal static class Json
{
    private static int _next;

    /// <summary>A unique id per call, so tests sharing a node never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}";

    public static JsonObject Transaction(string? id = null, string? customer = null, string terminal = "t-1", decimal amount = 57.16m, string timestamp = "2018-08-10T10:15:00+02:00") => new()
    {
        ["transactionId"] = id ?? Unique("tx"),
        ["customerId"] = customer ?? Unique("c"),
        ["terminalId"] = terminal,
        ["amount"] = amount,
        ["timestamp"] = timestamp,
    };

    public static StringContent Body(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue(contentType));

    public static StringContent Body(JsonNode node) => Body(node.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) as JsonObject)
        ?? throw new JsonException("not an object");
}
