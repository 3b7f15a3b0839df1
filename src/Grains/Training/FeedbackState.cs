namespace FraudActors.Grains.Training;

/// <summary>The feedback counters' durable state.</summary>
internal sealed class FeedbackState
{
    public long Labels { get; set; }

    public long Frauds { get; set; }

    public long SinceRetraining { get; set; }
}
