using System.Collections.Immutable;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Ml.Drift;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;

namespace FraudActors.Grains.Drift;

/// <summary>
/// Splits time-ordered logged decisions into a recent window (the last <c>days</c> days before the newest decision)
/// and the reference window of as many days before it, and measures each feature and the champion's score by the
/// population stability index over deciles of the reference. Pure and CPU-bound: callers run it off any grain turn.
/// </summary>
internal static class DriftReporter
{
    /// <summary>Decisions each window needs: with fewer, deciles are a handful of rows each and the index is noise.</summary>
    public const int MinRowsPerWindow = 200;

    /// <summary>The name the score is reported under.</summary>
    public const string ScoreName = "score";

    private const long SecondsPerDay = 86_400;

    public static DriftReport Report(LabelledRows rows, ScoringModel? champion, int days)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var n = rows.Count;
        var recentStart = n;
        var referenceStart = n;
        if (n > 0)
        {
            var recentFloor = rows.UnixSeconds(n - 1) - (days * SecondsPerDay);
            var referenceFloor = recentFloor - (days * SecondsPerDay);
            recentStart = FirstAfter(rows, recentFloor);
            referenceStart = FirstAfter(rows, referenceFloor);
        }

        var reference = Window(rows, referenceStart, recentStart);
        var recent = Window(rows, recentStart, n);
        if (reference.Rows < MinRowsPerWindow || recent.Rows < MinRowsPerWindow)
        {
            return new DriftReport(days, reference, recent, champion?.Version, null, [], DriftReport.InsufficientData, [], MinRowsPerWindow);
        }

        var referenceValues = new double[reference.Rows];
        var recentValues = new double[recent.Rows];
        var worst = DriftLevel.Stable;
        var drifted = ImmutableArray.CreateBuilder<string>();
        var features = ImmutableArray.CreateBuilder<DriftMeasure>(FeatureSchema.Count);
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var feature = j;
            Fill(i => rows.Features(i)[feature]);
            features.Add(Measure(FeatureSchema.Names[j]));
        }

        DriftMeasure? score = null;
        if (champion is not null)
        {
            Fill(i => champion.Score(rows.Features(i)));
            score = Measure(ScoreName);
        }

        return new DriftReport(days, reference, recent, champion?.Version, score, features.ToImmutable(), Level(worst), drifted.ToImmutable(), MinRowsPerWindow);

        void Fill(Func<int, double> value)
        {
            for (var i = referenceStart; i < recentStart; i++)
            {
                referenceValues[i - referenceStart] = value(i);
            }

            for (var i = recentStart; i < n; i++)
            {
                recentValues[i - recentStart] = value(i);
            }
        }

        DriftMeasure Measure(string name)
        {
            var psi = PopulationStability.Compare(referenceValues, recentValues);
            var level = PopulationStability.Classify(psi);
            worst = level > worst ? level : worst;
            if (level == DriftLevel.Significant)
            {
                drifted.Add(name);
            }

            return new DriftMeasure(name, psi, Level(level));
        }
    }

    private static string Level(DriftLevel level) => level.ToString().ToLowerInvariant();

    private static DriftWindow Window(LabelledRows rows, int start, int end) =>
        start < end ? new DriftWindow(rows.Day(start), rows.Day(end - 1), end - start) : new DriftWindow(null, null, 0);

    /// <summary>The first row stamped strictly after <paramref name="floor"/> (rows are in time order).</summary>
    private static int FirstAfter(LabelledRows rows, long floor)
    {
        int low = 0, high = rows.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (rows.UnixSeconds(middle) > floor)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
