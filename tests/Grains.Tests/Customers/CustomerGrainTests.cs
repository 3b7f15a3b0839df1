using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Grains.Tests.Customers;

public sealed class CustomerGrainTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private static readonly DateTimeOffset Noon = new(2018, 8, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _directory = new();

    private static ScoreRequest Request(string id, long cents, DateTimeOffset at, string customer = "c-1", string terminal = "t-1") =>
        new(id, customer, terminal, cents, at);

    private static double Feature(ScoreResult result, int index) => result.Features[index].Value;

    [Fact]
    public async Task A_repeated_transaction_id_returns_the_logged_decision_and_counts_once()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained);
        var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
        var first = await customer.ScoreAsync(Request("tx-1", 1_000, Noon));

        var again = await customer.ScoreAsync(Request("tx-1", 1_000, Noon));
        var next = await customer.ScoreAsync(Request("tx-2", 3_000, Noon.AddMinutes(1)));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Score, again.Score);
        Assert.Equal(first.DecidedAt, again.DecidedAt);
        Assert.Equal(2, Feature(next, FeatureSchema.CustomerNbTx1Day));   // tx-1 counted once
        Assert.Equal(20.0, Feature(next, FeatureSchema.CustomerAvgAmount1Day));
    }

    [Fact]
    public async Task A_replay_returns_the_logged_shadow_score_after_shadow_mode_ended_and_after_a_restart()
    {
        var database = _directory.File("node.db");
        ScoreResult first;
        ScoreResult replayed;
        ScoreResult unshadowed;
        await using (var silo = await GrainsSilo.StartAsync(database, trained))
        {
            var models = silo.Get<ModelCache>();

            // The champion's artifact under another version: the shadow score is known exactly, and the version tells them apart.
            var challenger = ScoringModel.Load("challenger-1", trained.Manifest.ArtifactSha256, trained.Manifest.FeatureSchemaHash, trained.ModelJson);
            models.Apply(new ServingSet(models.Current.Revision + 1, trained.Model, challenger, new TrafficPolicy(TrafficMode.Shadow, 0)));
            var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
            first = await customer.ScoreAsync(Request("tx-1", 1_000, Noon));

            models.Serve(trained.Model);   // champion only from here: a fresh score would have no shadow
            replayed = await customer.ScoreAsync(Request("tx-1", 1_000, Noon));
            unshadowed = await customer.ScoreAsync(Request("tx-2", 2_000, Noon.AddMinutes(1)));
        }

        await using var restarted = await GrainsSilo.StartAsync(database, trained);
        var fromStore = await restarted.Grains.GetGrain<ICustomerGrain>("c-1").ScoreAsync(Request("tx-1", 1_000, Noon));

        Assert.Equal(new ShadowScore("challenger-1", first.Score, first.Decision), first.Shadow);
        Assert.Equal(trained.Model.Version, first.ModelVersion);
        Assert.True(replayed.Replayed);
        Assert.Equal(first.Shadow, replayed.Shadow);
        Assert.Null(unshadowed.Shadow);
        Assert.True(fromStore.Replayed);
        Assert.Equal(first.Shadow, fromStore.Shadow);
    }

    [Fact]
    public async Task The_same_id_for_a_different_transaction_is_a_conflict_and_changes_nothing()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained);
        var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
        await customer.ScoreAsync(Request("tx-1", 1_000, Noon));

        var sameCustomer = await Assert.ThrowsAsync<TransactionRejectedException>(() => customer.ScoreAsync(Request("tx-1", 9_999, Noon)).AsTask());
        var otherCustomer = await Assert.ThrowsAsync<TransactionRejectedException>(
            () => silo.Grains.GetGrain<ICustomerGrain>("c-2").ScoreAsync(Request("tx-1", 1_000, Noon, customer: "c-2")).AsTask());

        Assert.Equal((RejectionKind.Conflict, "transactionId"), (sameCustomer.Kind, sameCustomer.Field));
        Assert.Equal(RejectionKind.Conflict, otherCustomer.Kind);
        var next = await customer.ScoreAsync(Request("tx-2", 1_000, Noon.AddMinutes(1)));
        Assert.Equal(2, Feature(next, FeatureSchema.CustomerNbTx1Day));
        var other = await silo.Grains.GetGrain<ICustomerGrain>("c-2").GetFeaturesAsync(Noon.AddMinutes(1));
        Assert.Null(other.LatestTransactionAt);   // the refused transaction left no trace in c-2's windows
    }

    [Fact]
    public async Task A_late_transaction_is_scored_as_of_its_own_time_and_a_too_late_one_is_refused()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained);
        var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
        await customer.ScoreAsync(Request("tx-1", 1_000, Noon.AddHours(-30)));
        await customer.ScoreAsync(Request("tx-3", 3_000, Noon));

        // Two hours late: it sees tx-1? No — 30 h before noon is outside its 1-day window; it does not see tx-3 (later).
        var late = await customer.ScoreAsync(Request("tx-2", 2_000, Noon.AddHours(-2)));
        var tooLate = await Assert.ThrowsAsync<TransactionRejectedException>(
            () => customer.ScoreAsync(Request("tx-0", 5_000, Noon.AddDays(-2))).AsTask());
        var after = await customer.ScoreAsync(Request("tx-4", 4_000, Noon.AddMinutes(1)));

        Assert.Equal(1, Feature(late, FeatureSchema.CustomerNbTx1Day));
        Assert.Equal(2, Feature(late, FeatureSchema.CustomerNbTx7Day));
        Assert.Equal((RejectionKind.TooLate, "timestamp"), (tooLate.Kind, tooLate.Field));
        Assert.Equal(3, Feature(after, FeatureSchema.CustomerNbTx1Day));   // tx-2, tx-3, tx-4; the refused tx-0 left nothing
        Assert.Null(await silo.Log.FindAsync("tx-0", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Windows_are_rebuilt_from_the_log_after_a_restart()
    {
        var database = _directory.File("node.db");
        ScoreResult before;
        await using (var silo = await GrainsSilo.StartAsync(database, trained))
        {
            var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
            await customer.ScoreAsync(Request("tx-1", 1_000, Noon.AddDays(-40)));   // beyond 30 days: must not count
            await customer.ScoreAsync(Request("tx-2", 2_000, Noon.AddDays(-6)));
            await customer.ScoreAsync(Request("tx-3", 3_000, Noon.AddHours(-1)));
            before = await customer.ScoreAsync(Request("tx-4", 4_000, Noon));
        }

        await using var restarted = await GrainsSilo.StartAsync(database, trained);
        var replayed = await restarted.Grains.GetGrain<ICustomerGrain>("c-1").ScoreAsync(Request("tx-4", 4_000, Noon));
        var next = await restarted.Grains.GetGrain<ICustomerGrain>("c-1").ScoreAsync(Request("tx-5", 5_000, Noon.AddMinutes(1)));

        Assert.True(replayed.Replayed);
        Assert.Equal(before.Score, replayed.Score);
        Assert.Equal(3, Feature(before, FeatureSchema.CustomerNbTx30Day));
        Assert.Equal(4, Feature(next, FeatureSchema.CustomerNbTx30Day));   // tx-2 … tx-5; tx-1 is 40 days old
        Assert.Equal(3, Feature(next, FeatureSchema.CustomerNbTx1Day));    // tx-3, tx-4, tx-5
        Assert.Equal(40.0, Feature(next, FeatureSchema.CustomerAvgAmount1Day));
    }

    [Fact]
    public async Task A_decision_that_cannot_be_logged_is_refused_and_taken_back_out_of_the_windows()
    {
        var failing = new FailingDecisionLog();
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained, services: services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IDecisionLog));
            services.AddSingleton<IDecisionLog>(sp => failing.Wrap((IDecisionLog)registered.ImplementationFactory!(sp)));
        });
        var customer = silo.Grains.GetGrain<ICustomerGrain>("c-1");
        await customer.ScoreAsync(Request("tx-1", 1_000, Noon));

        failing.Armed = true;
        await Assert.ThrowsAsync<IOException>(() => customer.ScoreAsync(Request("tx-2", 2_000, Noon.AddMinutes(1))).AsTask());
        failing.Armed = false;
        var next = await customer.ScoreAsync(Request("tx-3", 3_000, Noon.AddMinutes(2)));

        Assert.Equal(2, Feature(next, FeatureSchema.CustomerNbTx1Day));
        var terminal = await silo.Grains.GetGrain<ITerminalGrain>("t-1").GetFeaturesAsync(Noon.AddDays(7).AddMinutes(3));
        Assert.Equal(2, terminal.Count1Day);   // tx-1 and tx-3: the terminal forgot tx-2 too
    }

    [Fact]
    public async Task Scoring_without_a_model_is_refused_as_retryable()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), model: null);

        var refused = await Assert.ThrowsAsync<TransactionRejectedException>(
            () => silo.Grains.GetGrain<ICustomerGrain>("c-1").ScoreAsync(Request("tx-1", 1_000, Noon)).AsTask());

        Assert.Equal(RejectionKind.NoModel, refused.Kind);
        Assert.Null(await silo.Log.FindAsync("tx-1", TestContext.Current.CancellationToken));
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Fault injection around the real log: fails appends while armed, as a full disk would.</summary>
    private sealed class FailingDecisionLog
    {
        public volatile bool Armed;

        public IDecisionLog Wrap(IDecisionLog inner) => new Wrapper(inner, this);

        private sealed class Wrapper(IDecisionLog inner, FailingDecisionLog owner) : IDecisionLog
        {
            public ValueTask<AppendOutcome> AppendAsync(LoggedDecision decision, CancellationToken cancellationToken) =>
                owner.Armed ? ValueTask.FromException<AppendOutcome>(new IOException("disk full (injected)")) : inner.AppendAsync(decision, cancellationToken);

            public ValueTask<LoggedDecision?> FindAsync(string transactionId, CancellationToken cancellationToken) => inner.FindAsync(transactionId, cancellationToken);

            public IAsyncEnumerable<CustomerHistoryEntry> ReadCustomerHistoryAsync(string customerId, TimeSpan horizon, CancellationToken cancellationToken) =>
                inner.ReadCustomerHistoryAsync(customerId, horizon, cancellationToken);

            public IAsyncEnumerable<TerminalHistoryEntry> ReadTerminalHistoryAsync(string terminalId, TimeSpan horizon, CancellationToken cancellationToken) =>
                inner.ReadTerminalHistoryAsync(terminalId, horizon, cancellationToken);
        }
    }
}
