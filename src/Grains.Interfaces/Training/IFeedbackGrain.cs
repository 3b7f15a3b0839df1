using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Training;

/// <summary>
/// Counts labels as they arrive (a singleton: key <see cref="Key"/>) and asks for retraining every k of them.
/// The labels themselves are durable in the label store before anyone is told; this grain only counts.
/// </summary>
public interface IFeedbackGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "feedback";

    /// <summary>A label was recorded or changed.</summary>
    ValueTask LabelRecordedAsync(bool isFraud);

    /// <summary>The counters.</summary>
    [ReadOnly]
    ValueTask<FeedbackCounters> GetAsync();
}

/// <summary>Label counters.</summary>
/// <param name="Labels">Labels recorded (changes only).</param>
/// <param name="Frauds">Of which fraud.</param>
/// <param name="SinceRetraining">Labels since the last retraining request.</param>
/// <param name="RetrainEvery">k: labels between retraining requests (0: never automatically).</param>
public sealed record FeedbackCounters(long Labels, long Frauds, long SinceRetraining, int RetrainEvery);
