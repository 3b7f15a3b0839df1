using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Models;

/// <summary>
/// Compares the champion and the challenger live (a singleton: key <see cref="Key"/>): both score the same labelled
/// production decisions of the last days, with the features as they were logged, and are measured with the
/// handbook's metrics. Reads only; it changes nothing in the registry.
/// </summary>
public interface IModelComparisonGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "comparison";

    /// <summary>Fewest days a comparison may cover.</summary>
    const int MinDays = 1;

    /// <summary>Most days a comparison may cover: the decision log is read whole for the window, so it is bounded.</summary>
    const int MaxDays = 90;

    /// <summary>
    /// Scores the decisions of the last <paramref name="days"/> days (the data's clock: before the newest decision)
    /// with both models. Interleaved because it holds no state: comparisons run side by side, each on the thread pool.
    /// </summary>
    /// <exception cref="ModelRegistryException">
    /// <see cref="ModelRegistryError.NoChallenger"/> when there is no challenger (or no champion);
    /// <see cref="ModelRegistryError.Invalid"/> when <paramref name="days"/> is out of range;
    /// <see cref="ModelRegistryError.CorruptArtifact"/> when a model cannot be loaded.
    /// </exception>
    [AlwaysInterleave]
    [ResponseTimeout(120_000)]
    ValueTask<ModelComparison> CompareAsync(int days);
}
