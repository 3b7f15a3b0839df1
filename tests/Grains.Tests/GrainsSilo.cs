using FraudActors.Grains.Decisions;
using FraudActors.Grains.Hosting;
using FraudActors.Grains.Scoring;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Grains.Tests;

/// <summary>A silo with the domain grains on a real SQLite database file and a real trained model.</summary>
internal sealed class GrainsSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainsSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IDecisionLog Log => _host.Services.GetRequiredService<IDecisionLog>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<GrainsSilo> StartAsync(
        string databasePath,
        TrainedModel? model,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(new SqliteDatabase(databasePath));
        builder.Services.AddSqliteGrainStorage();
        builder.Services.AddJournaledDecisionLog();
        builder.Services.AddSqliteLabelStore();
        builder.Services.AddSqliteTrainingDataSource();
        builder.Services.AddFraudActorsRuntime();
        builder.Services.AddFraudActorsGrains(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        if (model is not null)
        {
            host.Services.GetRequiredService<ModelCache>().Serve(model.Model);
        }

        await host.StartAsync(TestContext.Current.CancellationToken);
        return new GrainsSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
