using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FraudActors.Gateway.Metrics;

/// <summary>
/// Aggregates every instrument of this host's meters (those its <see cref="IMeterFactory"/> created: the runtime,
/// transport, decision log, scoring, ASP.NET Core hosting, routing and Kestrel meters) and the process-wide
/// <c>System.Runtime</c> meter, for <see cref="MetricsEndpoint"/> to expose. Filtering by the factory rather than by
/// meter name keeps two hosts in one process (tests, tools) from reporting each other's counts.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    /// <summary>The BCL's process meter: GC, thread pool, exceptions. Not per host, but true of the host's process.</summary>
    public const string ProcessMeterName = "System.Runtime";

    private readonly IMeterFactory _factory;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _aggregates = new();
    private readonly Lock _scrape = new();

    public MetricsCollector(IMeterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _listener = new MeterListener
        {
            InstrumentPublished = Publish,
            MeasurementsCompleted = (instrument, _) => _aggregates.TryRemove(instrument, out InstrumentAggregate? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every series in the Prometheus text format.</summary>
    public string Scrape()
    {
        // One scrape at a time: observing clears and refills the observable instruments' series.
        lock (_scrape)
        {
            foreach (var aggregate in _aggregates.Values)
            {
                if (aggregate.IsObservable)
                {
                    aggregate.Clear();
                }
            }

            _listener.RecordObservableInstruments();
            return PrometheusText.Write(_aggregates.Values);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Publish(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, _factory) && instrument.Meter.Name != ProcessMeterName)
        {
            return;
        }

        if (InstrumentAggregate.For(instrument) is { } aggregate && _aggregates.TryAdd(instrument, aggregate))
        {
            listener.EnableMeasurementEvents(instrument, aggregate);
        }
    }
}
