using System.Diagnostics;
using System.Diagnostics.Metrics;
using FraudActors.Grains.Interfaces.Drift;

namespace FraudActors.Grains.Drift;

/// <summary>
/// Metrics of the drift watch (meter <c>FraudActors.Drift</c>): the PSI values of its last check, by
/// <c>distribution</c> (<c>score</c> or a feature name). Published by the silo whose watch ran the check (in a
/// cluster, the owner of the watch grain); absent before the first check with enough decisions.
/// </summary>
internal sealed class DriftInstruments
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FraudActors.Drift";

    /// <summary>PSI of the last check, by <c>distribution</c> (gauge).</summary>
    public const string PsiName = "fraudactors.drift.psi";

    private volatile DriftReport? _last;

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public DriftInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(PsiName, Observe, unit: "1",
            description: "Population stability index of the last drift check (recent window against the one before), by distribution: score or a feature name.");
    }

    /// <summary>A check produced <paramref name="report"/>.</summary>
    public void Checked(DriftReport report) => _last = report;

    private IEnumerable<Measurement<double>> Observe()
    {
        if (_last is not { } report)
        {
            yield break;
        }

        if (report.Score is { } score)
        {
            yield return new Measurement<double>(score.Psi, new TagList { { "distribution", score.Name } });
        }

        foreach (var feature in report.Features)
        {
            yield return new Measurement<double>(feature.Psi, new TagList { { "distribution", feature.Name } });
        }
    }
}
