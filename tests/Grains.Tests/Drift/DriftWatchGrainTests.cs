using System.Diagnostics.Metrics;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Ml.Artifacts;
using FraudActors.Runtime.Reminders;
using FraudActors.Silo.Replay;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Grains.Tests.Drift;

public sealed class DriftWatchGrainTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>
    /// A silo whose log holds the simulation's first 12 days replayed from nothing: the customer and terminal windows
    /// fill up over those days, so the counts of the last 5 days differ sharply from those of the 5 before (a real,
    /// if self-made, drift). Checks every 2 s on a reminder, on the wall clock.
    /// </summary>
    private async Task<GrainsSilo> DriftingSiloAsync(string cooldown)
    {
        var silo = await GrainsSilo.StartAsync(
            _directory.File("node.db"),
            trained,
            new Dictionary<string, string?>
            {
                ["Retraining:RetrainEveryLabels"] = "0",
                ["Drift:CheckPeriod"] = "00:00:02",
                ["Drift:WindowDays"] = "5",
                ["Drift:Cooldown"] = cooldown,
            },
            services =>
            {
                services.AddSqliteReminders(o => o.MinimumPeriod = TimeSpan.FromSeconds(1));
                services.AddSingleton<IArtifactStore>(new FileSystemArtifactStore(trained.ArtifactsPath));
            });
        var all = trained.Dataset.Transactions;
        var stream = all.Where(t => t.UnixSeconds < all[0].UnixSeconds + (12 * 86_400L)).ToArray();
        await new TransactionReplay(silo.Grains).RunAsync(stream, feedFraudLabels: false, (_, _) => { }, TestContext.Current.CancellationToken);

        // The log's indexer stores decisions in the background: wait until both windows are readable and drifted.
        var drift = silo.Grains.GetGrain<IDriftGrain>(IDriftGrain.Key);
        await Eventually.HoldsAsync(async () => (await drift.ReportAsync(5)).IsSignificant, "the replayed windows read as significantly drifted");
        return silo;
    }

    [Fact]
    public async Task Significant_drift_on_a_reminder_tick_asks_for_one_retraining_and_the_cooldown_holds_back_the_next()
    {
        await using var silo = await DriftingSiloAsync(cooldown: "1.00:00:00");
        var watch = silo.Grains.GetGrain<IDriftWatchGrain>(IDriftWatchGrain.Key);
        var retraining = silo.Grains.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key);

        await watch.StartAsync();

        await Eventually.HoldsAsync(async () => (await watch.GetStatusAsync()).LastRequestedAt is not null, "a tick asked for retraining");
        var first = await watch.GetStatusAsync();
        Assert.True(first.LastReport!.IsSignificant);
        Assert.StartsWith("drift in ", first.LastReason, StringComparison.Ordinal);

        // Two more ticks: the report is as significant as before, but the watch does not ask again.
        await Eventually.HoldsAsync(async () => (await watch.GetStatusAsync()).Checks >= first.Checks + 2, "two more ticks");
        var later = await watch.GetStatusAsync();
        Assert.True(later.LastReport!.IsSignificant);
        Assert.Contains(later.LastOutcome, new[] { "cooling down", "retraining running" });
        Assert.Equal(first.LastRequestedAt, later.LastRequestedAt);

        // Retraining received exactly one request, from the watch (on 12 days it refuses for want of data, quickly).
        await Eventually.HoldsAsync(async () => (await retraining.GetStatusAsync()).Running is null, "the retraining job ended");
        var reports = (await retraining.GetStatusAsync()).Reports;
        var report = Assert.Single(reports);
        Assert.Equal(IDriftWatchGrain.Actor, report.Request.Actor);
        Assert.Equal(first.LastReason, report.Request.Reason);
    }

    [Fact]
    public async Task Without_a_cooldown_a_check_after_the_retraining_ended_asks_again()
    {
        await using var silo = await DriftingSiloAsync(cooldown: "00:00:00");
        var watch = silo.Grains.GetGrain<IDriftWatchGrain>(IDriftWatchGrain.Key);
        var retraining = silo.Grains.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key);

        var first = await watch.CheckAsync();
        Assert.Equal("retraining requested", first.LastOutcome);
        var published = Gauges(silo);
        Assert.Equal(first.LastReport!.Score!.Psi, published["score"]);
        Assert.Equal(16, published.Count);
        await Eventually.HoldsAsync(async () => (await retraining.GetStatusAsync()).Running is null, "the first job ended");
        var second = await watch.CheckAsync();

        Assert.Equal("retraining requested", second.LastOutcome);
        Assert.True(second.LastRequestedAt >= first.LastRequestedAt);
        await Eventually.HoldsAsync(async () => (await retraining.GetStatusAsync()).Reports.Length == 2, "both jobs reported");
    }

    /// <summary>The drift PSI gauges this silo's meters publish now, by distribution.</summary>
    private static Dictionary<string, double> Gauges(GrainsSilo silo)
    {
        var factory = silo.Get<IMeterFactory>();
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "fraudactors.drift.psi")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => values[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    public void Dispose() => _directory.Dispose();
}
