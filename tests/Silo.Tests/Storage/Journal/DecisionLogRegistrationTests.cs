using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class DecisionLogRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task The_host_resolves_both_stores_and_drains_the_log_when_it_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(new SqliteDatabase(_directory.File("silo.db")));
        builder.Services.AddJournaledDecisionLog(new DecisionLogOptions { MaxBatchSize = 64, IndexInterval = TimeSpan.FromHours(1) });
        builder.Services.AddSqliteLabelStore();
        using var host = builder.Build();
        await host.StartAsync(ct);
        var log = host.Services.GetRequiredService<IDecisionLog>();
        var labels = host.Services.GetRequiredService<ILabelStore>();

        Assert.Same(host.Services.GetRequiredService<JournaledDecisionLog>(), log);
        Assert.Equal(_directory.File("silo.journal"), host.Services.GetRequiredService<JournaledDecisionLog>().JournalDirectory);
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-1"), ct));
        Assert.True((await labels.RecordAsync(new TransactionLabel("tx-1", true, LabelSource.Analyst, null, SampleDecisions.Noon), ct)).Changed);

        await host.StopAsync(ct);

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-2"), ct));
        Assert.NotNull(await log.FindAsync("tx-1", ct));

        // The hour-long index interval was cut short by the stop: the store has it, the journal is empty.
        Assert.Empty(Directory.GetFiles(_directory.File("silo.journal"), "*.segment"));
    }

    public void Dispose() => _directory.Dispose();
}
