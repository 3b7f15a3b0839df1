using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Drift;

/// <summary>
/// Measures drift live (a singleton: key <see cref="Key"/>): the logged decisions of the last days, labelled or not,
/// against those of as many days before them, feature by feature and on the served champion's score, by the population
/// stability index. Reads only.
/// </summary>
public interface IDriftGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "drift";

    /// <summary>Fewest days a window may cover.</summary>
    const int MinDays = 1;

    /// <summary>Most days a window may cover: twice as many days of the decision log are read whole, so it is bounded.</summary>
    const int MaxDays = 30;

    /// <summary>
    /// Compares the decisions of the last <paramref name="days"/> days (the data's clock: before the newest decision)
    /// with those of the <paramref name="days"/> days before. Interleaved because it holds no state: the reading and
    /// binning run on the thread pool.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    [AlwaysInterleave]
    [ResponseTimeout(120_000)]
    ValueTask<DriftReport> ReportAsync(int days);
}
