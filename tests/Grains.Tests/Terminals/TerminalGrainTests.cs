using FraudActors.Grains.Interfaces;
using FraudActors.Testing;

namespace FraudActors.Grains.Tests.Terminals;

public sealed class TerminalGrainTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private static readonly DateTimeOffset Day0 = new(2018, 8, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task A_label_counts_in_the_risk_once_its_transaction_is_seven_days_old_and_survives_a_restart()
    {
        var database = _directory.File("node.db");
        await using (var silo = await GrainsSilo.StartAsync(database, trained))
        {
            await silo.Grains.GetGrain<ICustomerGrain>("c-1").ScoreAsync(new ScoreRequest("tx-1", "c-1", "t-9", 1_000, Day0));
            await silo.Grains.GetGrain<ICustomerGrain>("c-2").ScoreAsync(new ScoreRequest("tx-2", "c-2", "t-9", 1_000, Day0.AddHours(1)));
            var label = await silo.Grains.GetGrain<ITransactionGrain>("tx-1").LabelAsync(new LabelRequest(true, LabelSource.Analyst, "chargeback"));
            var repeat = await silo.Grains.GetGrain<ITransactionGrain>("tx-1").LabelAsync(new LabelRequest(true, LabelSource.Customer, null));

            Assert.True(label.Changed);
            Assert.False(repeat.Changed);
            var terminal = silo.Grains.GetGrain<ITerminalGrain>("t-9");
            Assert.Equal(0, (await terminal.GetFeaturesAsync(Day0.AddDays(7).AddSeconds(-1))).Count1Day);   // not 7 days old yet
            var week = await terminal.GetFeaturesAsync(Day0.AddDays(7).AddHours(1));
            Assert.Equal((2, 1), (week.Count1Day, week.Frauds1Day));
        }

        await using var restarted = await GrainsSilo.StartAsync(database, trained);
        var rebuilt = await restarted.Grains.GetGrain<ITerminalGrain>("t-9").GetFeaturesAsync(Day0.AddDays(7).AddHours(1));
        Assert.Equal((2, 1), (rebuilt.Count1Day, rebuilt.Frauds1Day));

        var correction = await restarted.Grains.GetGrain<ITransactionGrain>("tx-1").LabelAsync(new LabelRequest(false, LabelSource.Analyst, "not fraud after all"));
        Assert.Equal((true, (bool?)true), (correction.Changed, correction.PreviousIsFraud));
        var corrected = await restarted.Grains.GetGrain<ITerminalGrain>("t-9").GetFeaturesAsync(Day0.AddDays(7).AddHours(1));
        Assert.Equal(0, corrected.Frauds1Day);
    }

    [Fact]
    public async Task Labelling_an_unknown_transaction_is_refused()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained);

        await Assert.ThrowsAsync<TransactionNotFoundException>(
            () => silo.Grains.GetGrain<ITransactionGrain>("never-seen").LabelAsync(new LabelRequest(true, LabelSource.Analyst, null)).AsTask());
        Assert.Null(await silo.Grains.GetGrain<ITransactionGrain>("never-seen").GetDecisionAsync());
    }

    public void Dispose() => _directory.Dispose();
}
