using System.Diagnostics;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests.Cluster.Membership;

/// <summary>Several silo hosts in one process, each with its own connection pool, on one real PostgreSQL database.</summary>
public sealed class MembershipServiceTests : IAsyncLifetime
{
    private const string ClusterId = "test";
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(1);

    // For a loaded 2-core machine: scheduling and database round trips on top of the protocol's own bound.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private readonly List<Silo> _silos = [];
    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Table.Resume();
            if (!silo.Stopped)
            {
                await silo.Host.StopAsync(CancellationToken.None);
            }

            silo.Host.Dispose();
        }

        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task Three_silos_converge_on_the_same_active_set()
    {
        var silos = await StartSilosAsync(3);

        await ConvergedAsync(silos, silos);

        Assert.Single(silos.Select(s => s.Membership.Current.Version).Distinct());
        Assert.All(silos, s => Assert.False(s.Membership.SteppedDown.IsCancellationRequested));
    }

    [Fact]
    public async Task A_silo_is_joining_until_its_host_has_started_then_active()
    {
        var a = await StartSiloAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = Build(services => services.AddSingleton<IHostedService>(new BlockingStart(gate.Task)));
        var starting = b.Host.StartAsync(Ct);

        await Eventually.HoldsAsync(() => a.Membership.Current.Members.GetValueOrDefault(b.Membership.LocalSilo) == MembershipStatus.Joining, "A sees B joining");
        Assert.False(a.Membership.Current.IsActive(b.Membership.LocalSilo));
        Assert.False(starting.IsCompleted);

        gate.SetResult();
        await starting;
        await ConvergedAsync([a, b], [a, b]);
    }

    [Fact]
    public async Task A_silo_stopping_gracefully_leaves_the_others_views_quickly_without_being_declared_dead()
    {
        var silos = await StartSilosAsync(3);
        await ConvergedAsync(silos, silos);
        var leaving = silos[2];

        var stopwatch = Stopwatch.StartNew();
        await StopAsync(leaving);
        await ConvergedAsync(silos[..2], silos[..2], timeout: RefreshPeriod + Slack);

        var row = await RowAsync(leaving);
        Assert.Equal(MembershipStatus.Dead, row.Status);
        Assert.Null(row.DeclaredDeadBy);
        Assert.True(stopwatch.Elapsed < DeathTimeout + Slack, $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_paused_silo_is_declared_dead_by_its_peers_and_steps_down_when_it_resumes()
    {
        var silos = await StartSilosAsync(3);
        await ConvergedAsync(silos, silos);
        var paused = silos[2];
        var stopping = paused.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        paused.Table.Pause();
        var stopwatch = Stopwatch.StartNew();

        // The last heartbeat may have landed up to one period before the pause; a refresh declares it, the next
        // one shows it to the other peer.
        await ConvergedAsync(silos[..2], silos[..2], timeout: DeathTimeout + (2 * RefreshPeriod) + Slack);
        Assert.True(stopwatch.Elapsed >= DeathTimeout - HeartbeatPeriod, $"declared dead after only {stopwatch.Elapsed} of silence");
        var row = await RowAsync(paused);
        Assert.Equal(MembershipStatus.Dead, row.Status);
        Assert.Contains(row.DeclaredDeadBy, silos[..2].Select(s => s.Membership.LocalSilo.ToString()));
        Assert.False(paused.Membership.SteppedDown.IsCancellationRequested);

        paused.Table.Resume();

        await Eventually.HoldsAsync(() => paused.Membership.SteppedDown.IsCancellationRequested, "the resumed silo steps down");
        await Eventually.HoldsAsync(() => stopping.IsCancellationRequested, "the resumed silo asks its host to stop");
        await StopAsync(paused);
        Assert.Equal(MembershipStatus.Dead, (await RowAsync(paused)).Status);
        Assert.All(silos[..2], s => Assert.False(s.Membership.Current.IsActive(paused.Membership.LocalSilo)));
    }

    [Fact]
    public async Task A_fourth_silo_joining_is_seen_by_all()
    {
        var silos = await StartSilosAsync(3);
        await ConvergedAsync(silos, silos);

        Silo[] four = [.. silos, await StartSiloAsync()];

        await ConvergedAsync(four, four, timeout: RefreshPeriod + Slack);
    }

    [Fact]
    public async Task Watching_yields_each_newer_view_and_ends_when_the_silo_leaves()
    {
        var a = await StartSiloAsync();
        var seen = new List<MembershipView>();
        var watching = Task.Run(async () =>
        {
            await foreach (var view in a.Membership.WatchAsync(Ct))
            {
                lock (seen)
                {
                    seen.Add(view);
                }
            }
        }, Ct);

        var b = await StartSiloAsync();
        await Eventually.HoldsAsync(
            () =>
            {
                lock (seen)
                {
                    return seen.Any(v => v.ActiveSilos.Length == 2);
                }
            },
            "A's watcher sees B active");
        await StopAsync(a);
        await watching.WaitAsync(Slack, Ct);

        var versions = seen.Select(v => v.Version).ToArray();
        Assert.Equal(versions.Order().Distinct(), versions);
        Assert.Contains(b.Membership.LocalSilo, seen[^1].ActiveSilos);
    }

    private async Task<Silo[]> StartSilosAsync(int count)
    {
        var silos = new Silo[count];
        for (var i = 0; i < count; i++)
        {
            silos[i] = await StartSiloAsync();
        }

        return silos;
    }

    private async Task<Silo> StartSiloAsync()
    {
        var silo = Build(_ => { });
        await silo.Host.StartAsync(Ct);
        return silo;
    }

    private Silo Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(sp => new PausableMembershipTable(new PostgresMembershipTable(sp.GetRequiredService<PostgresDatabase>(), ClusterId)));
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PausableMembershipTable>());
        var port = 11111 + _silos.Count;
        builder.Services.AddClusterMembership(options =>
        {
            options.ClusterId = ClusterId;
            options.PostgresConnectionString = _database!.ConnectionString;
            options.SiloPort = port;
            options.HeartbeatPeriod = HeartbeatPeriod;
            options.RefreshPeriod = RefreshPeriod;
            options.DeathTimeout = DeathTimeout;
        });
        configure(builder.Services);
        var host = builder.Build();
        var silo = new Silo(host, host.Services.GetRequiredService<IClusterMembership>(), host.Services.GetRequiredService<PausableMembershipTable>());
        _silos.Add(silo);
        return silo;
    }

    private static async Task StopAsync(Silo silo)
    {
        silo.Stopped = true;
        await silo.Host.StopAsync(Ct);
    }

    /// <summary>Waits until every one of <paramref name="observers"/> sees exactly <paramref name="expected"/> active.</summary>
    private static Task ConvergedAsync(IReadOnlyList<Silo> observers, IReadOnlyList<Silo> expected, TimeSpan? timeout = null)
    {
        var want = expected.Select(s => s.Membership.LocalSilo).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        return Eventually.HoldsAsync(
            () => observers.All(o => o.Membership.Current.ActiveSilos.SequenceEqual(want)),
            $"{observers.Count} silos see exactly [{string.Join(", ", want.Select(s => s.ToString()))}] active; they see "
                + string.Join(" | ", observers.Select(o => o.Membership.Current.ToString())),
            timeout);
    }

    private async Task<MembershipEntry> RowAsync(Silo silo)
    {
        var table = new PostgresMembershipTable(_database!.Database, ClusterId);
        return (await table.ReadAsync(Ct)).Entries.Single(e => e.Silo == silo.Membership.LocalSilo);
    }

    private sealed class Silo(IHost host, IClusterMembership membership, PausableMembershipTable table)
    {
        public IHost Host { get; } = host;

        public IClusterMembership Membership { get; } = membership;

        public PausableMembershipTable Table { get; } = table;

        public bool Stopped { get; set; }
    }

    /// <summary>A hosted service whose start waits for the test: the host has not started until it is released.</summary>
    private sealed class BlockingStart(Task release) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => release.WaitAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
