using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;

namespace FraudActors.Silo.Tests.Storage.Journal;

/// <summary>Realistic decisions for the log: the 15 features of the real schema and three reasons drawn from them.</summary>
internal static class SampleDecisions
{
    public static readonly DateTimeOffset Noon = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);

    public static LoggedDecision Create(
        string transactionId,
        string customerId = "c-1",
        string terminalId = "t-1",
        DateTimeOffset? timestamp = null,
        long amountCents = 12_345,
        double score = 0.25,
        Decision decision = Decision.Approve,
        ImmutableArray<string>? featureNames = null)
    {
        var names = featureNames ?? FeatureSchema.Names;
        var features = names.Select((name, i) => new FeatureValue(name, (i * 1.5) + (amountCents % 97) + 0.125)).ToImmutableArray();
        var reasons = features.Length >= 3
            ? [new Reason(features[2].Name, features[2].Value, 0.75), new Reason(features[0].Name, features[0].Value, -0.5), new Reason(features[^1].Name, features[^1].Value, 1e-9)]
            : ImmutableArray<Reason>.Empty;
        var request = new ScoreRequest(transactionId, customerId, terminalId, amountCents, timestamp ?? Noon);
        var result = new ScoreResult(transactionId, score, decision, "model-7", reasons, ExplanationMethod.PathAttribution, features, Noon.AddSeconds(1), Replayed: false);
        return new LoggedDecision(request, result);
    }
}
