using System.Diagnostics;
using System.Diagnostics.Metrics;
using FraudActors.Grains.Interfaces;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Grains.Scoring;

/// <summary>
/// Metrics of scoring (meter <c>FraudActors.Scoring</c>): decisions by outcome and deciding model, the distribution
/// of scores, and which models this silo serves. Recorded once per decision made durable, so replays and duplicates
/// are not counted twice. A hosted service only so the host creates it at start: the serving gauges must report (and
/// an alert on "no model" must see them) before the first transaction activates a customer.
/// </summary>
internal sealed class ScoringInstruments : IHostedService
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FraudActors.Scoring";

    /// <summary>Decisions made durable, by <c>decision</c> and <c>model.version</c> (counter).</summary>
    public const string DecisionsName = "fraudactors.decisions";

    /// <summary>Scores of those decisions, by <c>model.version</c> (histogram, 0..1).</summary>
    public const string ScoreName = "fraudactors.score";

    /// <summary>1 per model in service, by <c>role</c> (champion, challenger), <c>model.version</c> and <c>traffic</c> (gauge).</summary>
    public const string ServingName = "fraudactors.model.serving";

    /// <summary>The registry assignment revision in force (gauge; 0 before a model is loaded).</summary>
    public const string RevisionName = "fraudactors.model.revision";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _scores;
    private readonly ModelCache _models;

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public ScoringInstruments(IMeterFactory meterFactory, ModelCache models)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>(DecisionsName, unit: "{decision}", description: "Decisions made durable, by decision and deciding model.");
        _scores = meter.CreateHistogram<double>(ScoreName, unit: "1",
            description: "Fraud scores (probabilities) of the decisions made, by deciding model.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] });
        meter.CreateObservableGauge(ServingName, ObserveServing, unit: "{model}",
            description: "1 for each model this silo scores with: role (champion or challenger), model version and traffic mode.");
        meter.CreateObservableGauge(RevisionName, () => _models.Current.Revision,
            description: "The model registry's assignment revision this silo serves (0: nothing loaded yet).");
    }

    /// <summary>A decision was made durable.</summary>
    public void Decided(ScoreResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var model = new KeyValuePair<string, object?>("model.version", result.ModelVersion);
        _decisions.Add(1, new KeyValuePair<string, object?>("decision", NameOf(result.Decision)), model);
        _scores.Record(result.Score, model);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<int>> ObserveServing()
    {
        var serving = _models.Current;
        var traffic = new KeyValuePair<string, object?>("traffic", NameOf(serving.Traffic.Mode));
        if (serving.Champion is { } champion)
        {
            yield return new Measurement<int>(1, new TagList { { "role", "champion" }, { "model.version", champion.Version }, traffic });
        }

        if (serving.Challenger is { } challenger)
        {
            yield return new Measurement<int>(1, new TagList { { "role", "challenger" }, { "model.version", challenger.Version }, traffic });
        }
    }

    // Constant strings: a label per call without formatting an enum.
    private static string NameOf(Decision decision) => decision switch
    {
        Decision.Approve => "approve",
        Decision.Review => "review",
        Decision.Decline => "decline",
        _ => "unknown",
    };

    private static string NameOf(Interfaces.Models.TrafficMode mode) => mode switch
    {
        Interfaces.Models.TrafficMode.ChampionOnly => "champion_only",
        Interfaces.Models.TrafficMode.Canary => "canary",
        Interfaces.Models.TrafficMode.Shadow => "shadow",
        _ => "unknown",
    };
}
