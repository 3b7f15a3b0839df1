using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Grains.Training;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Storage.Journal;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresDomainStorageRegistrationTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_host_resolves_the_three_stores_on_one_database_and_drains_the_log_when_it_stops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(new PostgresDatabase(_database.ConnectionString));
        builder.Services.AddPostgresDecisionLog(new PostgresDecisionLogOptions { MaxBatchSize = 64 });
        builder.Services.AddPostgresLabelStore();
        builder.Services.AddPostgresTrainingDataSource();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var log = host.Services.GetRequiredService<IDecisionLog>();
        var labels = host.Services.GetRequiredService<ILabelStore>();
        var training = host.Services.GetRequiredService<ITrainingDataSource>();

        Assert.Same(host.Services.GetRequiredService<PostgresDecisionLog>(), log);
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct));
        Assert.True((await labels.RecordAsync(new TransactionLabel("tx-1", true, LabelSource.Analyst, null, SampleDecisions.Noon), Ct)).Changed);
        var rows = await training.ReadRecentAsync(days: 1, Ct);
        Assert.Equal(1, rows.Count);
        Assert.True(rows.IsFraud(0));

        await host.StopAsync(Ct);

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-2"), Ct));
        Assert.NotNull(await log.FindAsync("tx-1", Ct));
    }
}
