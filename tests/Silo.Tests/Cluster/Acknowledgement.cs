using System.Text.Json.Nodes;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>A transaction the cluster acknowledged (200) to a client.</summary>
/// <param name="CustomerId">Its customer.</param>
/// <param name="Body">The answer.</param>
/// <param name="SentAt">When the request that got it was sent (Stopwatch timestamp).</param>
/// <param name="AnsweredAt">When the answer arrived (Stopwatch timestamp).</param>
internal sealed record Acknowledgement(string CustomerId, JsonObject Body, long SentAt, long AnsweredAt);
