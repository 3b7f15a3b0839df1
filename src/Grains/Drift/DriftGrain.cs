using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Grains.Scoring;
using FraudActors.Grains.Training;
using FraudActors.Runtime;
using Microsoft.Extensions.Logging;

namespace FraudActors.Grains.Drift;

/// <summary>
/// Measures drift on the decision log. The grain holds no state; the reading and binning run on the thread pool, so a
/// report over weeks of decisions never occupies a turn. The score compared is that of the champion this silo serves,
/// applied to both windows (not the scores logged at the time, which a promotion in between would mix): a shift in it
/// is a shift of the inputs as the current model sees them.
/// </summary>
internal sealed partial class DriftGrain(ITrainingDataSource data, ModelCache cache, ILogger<DriftGrain> logger) : Grain, IDriftGrain
{
    public async ValueTask<DriftReport> ReportAsync(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, IDriftGrain.MinDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, IDriftGrain.MaxDays);
        var champion = cache.Champion;
        var report = await Task.Run(async () =>
        {
            // The training source reads every decision of the window, labelled or not (unlabelled ones as genuine),
            // which is what drift needs: the population scored, not only the part analysts have judged.
            var rows = await data.ReadRecentAsync(2 * days, CancellationToken.None).ConfigureAwait(false);
            return DriftReporter.Report(rows, champion, days);
        }).ConfigureAwait(true);
        LogReported(logger, days, report.Reference.Rows, report.Recent.Rows, report.Score?.Psi, report.Verdict);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift over {Days} days ({ReferenceRows} reference, {RecentRows} recent decisions): score PSI {ScorePsi}, {Verdict}")]
    private static partial void LogReported(ILogger logger, int days, int referenceRows, int recentRows, double? scorePsi, string verdict);
}
