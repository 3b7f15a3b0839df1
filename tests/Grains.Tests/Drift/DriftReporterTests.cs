using FraudActors.Grains.Drift;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Testing;

namespace FraudActors.Grains.Tests.Drift;

public sealed class DriftReporterTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private static readonly long Start = new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>
    /// <paramref name="days"/> days of <paramref name="perDay"/> decisions with every feature uniform on [0, 100);
    /// from day <paramref name="shiftFrom"/> on, the amount is uniform on [60, 160) instead.
    /// </summary>
    private static LabelledRows Rows(int days, int perDay, int shiftFrom = int.MaxValue)
    {
        var random = new Random(7);
        var rows = new LabelledRows();
        Span<float> features = stackalloc float[FeatureSchema.Count];
        for (var day = 0; day < days; day++)
        {
            for (var i = 0; i < perDay; i++)
            {
                for (var j = 0; j < FeatureSchema.Count; j++)
                {
                    features[j] = (float)(random.NextDouble() * 100);
                }

                if (day >= shiftFrom)
                {
                    features[FeatureSchema.TxAmount] += 60;
                }

                rows.Add(Start + (day * 86_400L) + (i * 86_400L / perDay), i % 50, false, features);
            }
        }

        return rows;
    }

    [Fact]
    public void Decisions_drawn_alike_in_both_windows_are_stable_everywhere()
    {
        var report = DriftReporter.Report(Rows(days: 14, perDay: 500), trained.Model, days: 7);

        Assert.Equal(DriftReport.Stable, report.Verdict);
        Assert.Equal(FeatureSchema.Names, report.Features.Select(f => f.Name));
        Assert.All(report.Features, f => Assert.InRange(f.Psi, 0, 0.05));
        Assert.Equal(trained.Model.Version, report.ScoredBy);
        Assert.NotNull(report.Score);
        Assert.Empty(report.Drifted);
    }

    [Fact]
    public void A_shifted_amount_is_significant_and_named_while_the_other_features_stay_stable()
    {
        var report = DriftReporter.Report(Rows(days: 14, perDay: 500, shiftFrom: 7), champion: null, days: 7);

        Assert.Equal(DriftReport.Significant, report.Verdict);
        Assert.True(report.IsSignificant);
        Assert.Equal(["TX_AMOUNT"], report.Drifted);
        Assert.True(report.Features[FeatureSchema.TxAmount].Psi > 1, $"amount PSI {report.Features[FeatureSchema.TxAmount].Psi}");
        Assert.All(report.Features.Where(f => f.Name != "TX_AMOUNT"), f => Assert.Equal("stable", f.Level));
        Assert.Null(report.Score);
        Assert.Null(report.ScoredBy);
    }

    [Fact]
    public void The_windows_are_the_last_days_before_the_newest_decision_and_as_many_days_before_them()
    {
        // 20 days of data, windows of 5: the recent window is days 15–19, the reference days 10–14; days 0–9 are unused.
        var report = DriftReporter.Report(Rows(days: 20, perDay: 100), champion: null, days: 5);

        var first = DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(Start));
        Assert.Equal(new DriftWindow(first.AddDays(10), first.AddDays(14), 500), report.Reference);
        Assert.Equal(new DriftWindow(first.AddDays(15), first.AddDays(19), 500), report.Recent);
    }

    [Fact]
    public void Too_few_decisions_in_a_window_is_insufficient_data_with_no_index()
    {
        var report = DriftReporter.Report(Rows(days: 14, perDay: DriftReporter.MinRowsPerWindow / 7), trained.Model, days: 7);

        Assert.Equal(DriftReport.InsufficientData, report.Verdict);
        Assert.Empty(report.Features);
        Assert.Null(report.Score);
        Assert.False(report.IsSignificant);

        var empty = DriftReporter.Report(new LabelledRows(), trained.Model, days: 7);
        Assert.Equal((0, 0, DriftReport.InsufficientData), (empty.Reference.Rows, empty.Recent.Rows, empty.Verdict));
    }
}
