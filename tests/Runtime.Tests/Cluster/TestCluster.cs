using System.Net;
using System.Net.Sockets;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Tests.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Reminders;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Tests.Cluster;

/// <summary>
/// Silos in the test process, as Orleans' TestCluster starts them: each a full host (runtime, membership through a
/// pausable table, HTTP/2 silo endpoint on its own loopback port, PostgreSQL grain storage with its own pool, fenced by
/// the silo's row), all on one fresh database.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string ClusterId = "test";

    // Fast enough that joins and leaves show within a fraction of a second; a death timeout with room for a loaded
    // 2-core machine running other test classes at the same time, so nobody is declared dead by accident.
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);

    private readonly List<ClusterSilo> _silos = [];

    private readonly bool _reminders;

    private TestCluster(PostgresTestDatabase database, bool reminders)
    {
        Database = database;
        _reminders = reminders;
    }

    /// <summary>Shortest reminder period the silos accept when started with reminders (far below Orleans' minute, for tests).</summary>
    public static TimeSpan MinimumReminderPeriod { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Deadline of calls without their own: generous, so the tests that wait out view changes have room.</summary>
    public static TimeSpan ResponseTimeout { get; } = TimeSpan.FromSeconds(15);

    public PostgresTestDatabase Database { get; }

    public IReadOnlyList<ClusterSilo> Silos => _silos;

    public IEnumerable<ClusterSilo> Running => _silos.Where(s => !s.Stopped);

    /// <summary>Starts <paramref name="count"/> silos one after another and waits until they all see each other active.</summary>
    /// <param name="count">How many silos.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="reminders">Whether the silos run reminders (PostgreSQL table) and host <see cref="IReminderGrain"/>.</param>
    public static async Task<TestCluster> StartAsync(int count, CancellationToken cancellationToken, bool reminders = false)
    {
        var cluster = new TestCluster(await PostgresTestDatabase.CreateAsync(cancellationToken), reminders);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await cluster.StartSiloAsync(cancellationToken);
            }

            await cluster.ConvergedAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<ClusterSilo> StartSiloAsync(CancellationToken cancellationToken)
    {
        // A port is free when asked for and taken a moment later only if another process grabs it in between: try again.
        for (var attempt = 1; ; attempt++)
        {
            var silo = Build(FreeLoopbackPort());
            try
            {
                await silo.Host.StartAsync(cancellationToken);
                _silos.Add(silo);
                return silo;
            }
            catch (IOException) when (attempt < 3)
            {
                // It registered before the endpoint failed to bind: leave properly, so its row does not linger.
                await silo.Host.StopAsync(CancellationToken.None);
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Stops a silo gracefully, as its host would on SIGTERM.</summary>
    public static async Task StopSiloAsync(ClusterSilo silo)
    {
        silo.Stopped = true;
        await silo.Host.StopAsync(CancellationToken.None);
    }

    /// <summary>Waits until every running silo sees exactly the running silos active.</summary>
    public Task ConvergedAsync(TimeSpan? timeout = null)
    {
        var running = Running.ToArray();
        var want = running.Select(s => s.Address).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        return Eventually.HoldsAsync(
            () => running.All(s => s.Membership.Current.ActiveSilos.SequenceEqual(want)),
            $"every running silo sees exactly [{string.Join(", ", want.Select(s => s.ToString()))}] active; they see "
                + string.Join(" | ", running.Select(s => s.Membership.Current.ToString())),
            timeout);
    }

    /// <summary>The running silo that owns <paramref name="grainId"/> once the views have converged.</summary>
    public ClusterSilo OwnerOf(GrainId grainId)
    {
        var owner = new RendezvousPlacement(Running.Select(s => s.Address)).OwnerOf(grainId);
        return Running.Single(s => s.Address == owner);
    }

    /// <summary>A key of grain type <typeparamref name="TGrain"/> owned by <paramref name="silo"/> among the running silos.</summary>
    public string KeyOwnedBy<TGrain>(ClusterSilo silo, string prefix) where TGrain : IGrainWithStringKey
    {
        var grainType = silo.Get<Metadata.GrainInterfaceRegistry>().Get(typeof(TGrain)).GrainType;
        for (var i = 0; ; i++)
        {
            var key = $"{prefix}-{i}";
            if (OwnerOf(new GrainId(grainType, key)) == silo)
            {
                return key;
            }
        }
    }

    /// <summary>The silos holding an activation of <paramref name="grainId"/> right now.</summary>
    public ClusterSilo[] WhereActive(GrainId grainId) => [.. Running.Where(s => s.Get<SiloRuntime>().Directory.TryGet(grainId, out _))];

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            // A silo whose table is still paused would wait for it forever while leaving.
            silo.Table.Resume();
            if (!silo.Stopped)
            {
                silo.Stopped = true;
                await silo.Host.StopAsync(CancellationToken.None);
            }

            await silo.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    private ClusterSilo Build(int port)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var log = new RecordingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(log);
        var database = new PostgresDatabase(Database.ConnectionString);
        builder.Services.AddSingleton(database);

        // The real table behind a gate a test can close, to have this silo's peers declare it dead while it runs on.
        builder.Services.AddSingleton(new PausableMembershipTable(new PostgresMembershipTable(database, ClusterId)));
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PausableMembershipTable>());
        builder.Services.AddPostgresGrainStorage();
        builder.Services.AddFraudActorsRuntime(options => options.ResponseTimeout = ResponseTimeout);

        // Placement reads the view through a decorator a test can override; the membership protocol is the real one.
        builder.Services.AddSingleton<IClusterMembership>(sp => new OverridableMembership(sp.GetRequiredService<MembershipService>()));
        builder.Services.AddFraudActorsCluster(options =>
        {
            options.ClusterId = ClusterId;
            options.SiloPort = port;
            options.HeartbeatPeriod = HeartbeatPeriod;
            options.RefreshPeriod = RefreshPeriod;
            options.DeathTimeout = DeathTimeout;
        });
        builder.Services.AddSingleton<CounterProbe>();
        builder.Services.AddSingleton<TickerProbe>();
        builder.Services.AddSingleton<FlakyProbe>();
        builder.Services.AddGrain<ICounterGrain, CounterGrain>();
        builder.Services.AddGrain<IAccountGrain, AccountGrain>();
        builder.Services.AddGrain<IFaultyGrain, FaultyGrain>();
        if (_reminders)
        {
            builder.Services.AddSingleton<ReminderProbe>();
            builder.Services.AddSingleton(new SiloName($"127.0.0.1:{port}"));
            builder.Services.AddGrain<IReminderGrain, ReminderGrain>();
            builder.Services.AddPostgresReminders(options => options.MinimumPeriod = MinimumReminderPeriod);
        }

        return new ClusterSilo(builder.Build(), database, log);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>One silo host of a <see cref="TestCluster"/>.</summary>
internal sealed class ClusterSilo(IHost host, PostgresDatabase database, RecordingLoggerProvider log) : IAsyncDisposable
{
    public IHost Host { get; } = host;

    public RecordingLoggerProvider Log { get; } = log;

    public IGrainFactory Grains => Get<IGrainFactory>();

    /// <summary>The view placement uses (overridable by the test).</summary>
    public OverridableMembership Membership => (OverridableMembership)Get<IClusterMembership>();

    public SiloAddress Address => Membership.LocalSilo;

    public CounterProbe Probe => Get<CounterProbe>();

    /// <summary>This silo's membership table, which the test can pause (its peers then declare it dead) and resume.</summary>
    public PausableMembershipTable Table => Get<PausableMembershipTable>();

    public bool Stopped { get; set; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }

        await database.DisposeAsync();
    }

    public override string ToString() => Address.ToString();
}
