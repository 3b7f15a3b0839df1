using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests;

/// <summary>One silo in the test process, with the test grains and their state in a real database (SQLite by default).</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public SiloRuntime Runtime => Services.GetRequiredService<SiloRuntime>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Registers SQLite grain storage in the database file at <paramref name="databasePath"/>.</summary>
    public static Action<IServiceCollection> SqliteStorage(string databasePath) => services =>
    {
        services.AddSingleton(new SqliteDatabase(databasePath));
        services.AddSqliteGrainStorage();
    };

    public static Task<TestSilo> StartAsync(
        string databasePath,
        TimeProvider? time = null,
        Action<RuntimeOptions>? options = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(SqliteStorage(databasePath), time, options, services);

    public static async Task<TestSilo> StartAsync(
        Action<IServiceCollection> storage,
        TimeProvider? time = null,
        Action<RuntimeOptions>? options = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        storage(builder.Services);
        builder.Services.AddFraudActorsRuntime(options);
        builder.Services.AddSingleton<CounterProbe>();
        builder.Services.AddSingleton<TickerProbe>();
        builder.Services.AddSingleton<FlakyProbe>();
        builder.Services.AddGrain<ICounterGrain, CounterGrain>();
        builder.Services.AddGrain<IAccountGrain, AccountGrain>();
        builder.Services.AddGrain<ITickerGrain, TickerGrain>();
        builder.Services.AddGrain<IFlakyGrain, FlakyGrain>();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new TestSilo(host);
    }

    public Task StopAsync() => _host.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}

/// <summary>A silo per test, on a fresh database (a SQLite file unless the test class brings other storage).</summary>
public abstract class SiloTest : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private TestSilo? _silo;

    protected virtual TimeProvider? Time => null;

    protected virtual void Configure(RuntimeOptions options)
    {
    }

    internal TestSilo Silo => _silo ?? throw new InvalidOperationException("not started");

    protected IGrainFactory Grains => Silo.Grains;

    protected string DatabasePath => _directory.File("node.db");

    /// <summary>Prepares the grain storage (say, creates a database) and returns how to register it.</summary>
    protected virtual ValueTask<Action<IServiceCollection>> PrepareStorageAsync() => ValueTask.FromResult(TestSilo.SqliteStorage(DatabasePath));

    /// <summary>Releases what <see cref="PrepareStorageAsync"/> prepared, after the silo stopped.</summary>
    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync() => _silo = await TestSilo.StartAsync(await PrepareStorageAsync(), Time, Configure);

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await DisposeStorageAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
