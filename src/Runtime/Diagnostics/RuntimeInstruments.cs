using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FraudActors.Runtime.Diagnostics;

/// <summary>
/// Metrics of the runtime (meter <c>FraudActors.Runtime</c>): calls and their durations per grain type and method,
/// and live activations per grain type. Exported at every host's /metrics (docs/OBSERVABILITY.md).
/// </summary>
internal sealed class RuntimeInstruments
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FraudActors.Runtime";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _activations;

    public RuntimeInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("fraudactors.grain.calls", description: "Grain calls completed, by grain type, method and outcome.");
        _duration = meter.CreateHistogram<double>("fraudactors.grain.call.duration", unit: "s",
            description: "Time from the start of a grain call's turn to its response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5] });
        _activations = meter.CreateUpDownCounter<long>("fraudactors.grain.activations", description: "Live activations by grain type.");
    }

    public void CallCompleted(string grainType, string method, TimeSpan duration, bool succeeded)
    {
        var tags = new TagList
        {
            { "grain.type", grainType },
            { "grain.method", method },
            { "outcome", succeeded ? "ok" : "error" },
        };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void ActivationCreated(string grainType) => _activations.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));

    public void ActivationRemoved(string grainType) => _activations.Add(-1, new KeyValuePair<string, object?>("grain.type", grainType));
}
