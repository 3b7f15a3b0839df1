using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces;

/// <summary>
/// One terminal's transactions and fraud labels, serving the 7-day-delayed count and risk features.
/// </summary>
public interface ITerminalGrain : IGrainWithStringKey
{
    /// <summary>Records a transaction and returns the terminal's features at its time (the transaction itself never counts: it is not 7 days old).</summary>
    [ResponseTimeout(10_000)]
    ValueTask<TerminalFeatures> ObserveAsync(TerminalObservation observation);

    /// <summary>Takes back an observation whose decision could not be logged.</summary>
    ValueTask ForgetAsync(long transactionKey);

    /// <summary>Sets the fraud label of an observed transaction (labels arrive late; corrections flip them).</summary>
    ValueTask LabelAsync(long transactionKey, bool isFraud);

    /// <summary>The terminal's delayed features at a moment.</summary>
    [ReadOnly]
    ValueTask<TerminalFeatures> GetFeaturesAsync(DateTimeOffset at);
}
