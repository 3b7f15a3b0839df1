using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests;

/// <summary>One silo in the test process, with the test grains and SQLite state in a real database file.</summary>
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

    public static async Task<TestSilo> StartAsync(
        string databasePath,
        TimeProvider? time = null,
        Action<RuntimeOptions>? options = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton(new SqliteDatabase(databasePath));
        builder.Services.AddSqliteGrainStorage();
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

/// <summary>A silo per test, on a fresh database file.</summary>
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

    public async ValueTask InitializeAsync() => _silo = await TestSilo.StartAsync(DatabasePath, Time, Configure);

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
