using System.Diagnostics;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Cluster.Membership;

public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);

    private PostgresTestDatabase? _database;
    private PostgresMembershipTable? _table;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresMembershipTable Table => _table!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        _table = new PostgresMembershipTable(_database.Database, "test");
        await _table.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task Silos_initialising_together_all_succeed_and_leave_one_empty_table()
    {
        // Eight silo processes (each its own pool) starting at once on a database that has never seen the table.
        await using var fresh = await PostgresTestDatabase.CreateAsync(Ct);
        var pools = Enumerable.Range(0, 8).Select(_ => new PostgresDatabase(fresh.ConnectionString)).ToArray();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var inits = pools
                .Select(pool => Task.Run(async () =>
                {
                    await start.Task;
                    await new PostgresMembershipTable(pool, "test").InitializeAsync(Ct);
                }))
                .ToArray();
            start.SetResult();
            await Task.WhenAll(inits);
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }

        var table = new PostgresMembershipTable(fresh.Database, "test");
        await table.InitializeAsync(Ct);
        var snapshot = await table.ReadAsync(Ct);
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
    }

    [Fact]
    public async Task Reading_before_initialising_says_so()
    {
        await using var fresh = await PostgresTestDatabase.CreateAsync(Ct);
        await new PostgresMembershipTable(fresh.Database, "other").InitializeAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresMembershipTable(fresh.Database, "test").ReadAsync(Ct));
        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_silo_is_read_back_with_its_status_and_each_change_raises_the_version()
    {
        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.Joining, 0, Ct));
        var joined = await Table.ReadAsync(Ct);
        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.Active, joined.Version, Ct));
        var active = await Table.ReadAsync(Ct);

        Assert.Equal(1, joined.Version);
        var entry = Assert.Single(active.Entries);
        Assert.Equal(2, active.Version);
        Assert.Equal(A, entry.Silo);
        Assert.Equal(MembershipStatus.Active, entry.Status);
        Assert.Null(entry.DeclaredDeadBy);
        Assert.True(entry.Silence < TimeSpan.FromSeconds(5), $"silence {entry.Silence}");
    }

    [Fact]
    public async Task A_change_from_a_stale_version_is_rejected_and_changes_nothing()
    {
        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.Joining, 0, Ct));

        Assert.False(await Table.TrySetStatusAsync(B, MembershipStatus.Joining, 0, Ct));
        Assert.False(await Table.TrySetStatusAsync(A, MembershipStatus.Active, 0, Ct));

        var snapshot = await Table.ReadAsync(Ct);
        Assert.Equal(1, snapshot.Version);
        var entry = Assert.Single(snapshot.Entries);
        Assert.Equal(MembershipStatus.Joining, entry.Status);
    }

    [Fact]
    public async Task Of_silos_racing_from_the_same_version_exactly_one_wins()
    {
        var silos = Enumerable.Range(0, 8).Select(i => new SiloAddress("127.0.0.1", 12000 + i, 1)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = silos
            .Select(silo => Task.Run(async () =>
            {
                await start.Task;
                return await Table.TrySetStatusAsync(silo, MembershipStatus.Joining, 0, Ct);
            }))
            .ToArray();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(won => won));
        var snapshot = await Table.ReadAsync(Ct);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(silos[Array.IndexOf(results, true)], Assert.Single(snapshot.Entries).Silo);
    }

    [Fact]
    public async Task A_heartbeat_resets_the_silence_measured_by_the_database_and_leaves_the_version_alone()
    {
        await RegisterActiveAsync(A);
        await Eventually.HoldsAsync(async () => (await EntryAsync(A)).Silence > TimeSpan.FromMilliseconds(300), "A silent for 300 ms");
        var before = await Table.ReadAsync(Ct);

        Assert.True(await Table.HeartbeatAsync(A, Ct));

        var after = await Table.ReadAsync(Ct);
        Assert.Equal(before.Version, after.Version);
        Assert.True(Assert.Single(after.Entries).Silence < TimeSpan.FromMilliseconds(300), $"silence {after.Entries[0].Silence}");
    }

    [Fact]
    public async Task A_silo_heard_within_the_timeout_is_not_declared_dead()
    {
        await RegisterActiveAsync(A);
        await RegisterActiveAsync(B);
        var snapshot = await Table.ReadAsync(Ct);

        Assert.False(await Table.TryDeclareDeadAsync(A, B, TimeSpan.FromMinutes(1), snapshot.Version, Ct));

        var after = await Table.ReadAsync(Ct);
        Assert.Equal(snapshot.Version, after.Version);
        Assert.Equal(MembershipStatus.Active, after.Entries.Single(e => e.Silo == A).Status);
    }

    [Fact]
    public async Task A_silo_silent_longer_than_the_timeout_is_declared_dead_by_its_peer()
    {
        var timeout = TimeSpan.FromMilliseconds(400);
        await RegisterActiveAsync(A);
        var lastHeard = Stopwatch.StartNew();
        await RegisterActiveAsync(B);

        var declaredAt = TimeSpan.Zero;
        await Eventually.HoldsAsync(
            async () =>
            {
                var version = (await Table.ReadAsync(Ct)).Version;
                declaredAt = lastHeard.Elapsed;
                return await Table.TryDeclareDeadAsync(A, B, timeout, version, Ct);
            },
            "A declared dead");

        // The local stopwatch started after A's last stamp, so it can only under-state A's silence.
        Assert.True(declaredAt > timeout - TimeSpan.FromMilliseconds(50), $"declared dead after {declaredAt.TotalMilliseconds} ms of silence");
        var dead = await EntryAsync(A);
        Assert.Equal(MembershipStatus.Dead, dead.Status);
        Assert.Equal(B.ToString(), dead.DeclaredDeadBy);
        Assert.Equal(MembershipStatus.Active, (await EntryAsync(B)).Status);
    }

    [Fact]
    public async Task The_silence_is_checked_again_in_the_write_so_a_heartbeat_after_the_read_saves_the_silo()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await RegisterActiveAsync(A);
        await RegisterActiveAsync(B);
        await Eventually.HoldsAsync(async () => (await EntryAsync(A)).Silence > timeout + TimeSpan.FromMilliseconds(100), "A silent past the timeout");
        var stale = await Table.ReadAsync(Ct);
        Assert.True(stale.Entries.Single(e => e.Silo == A).Silence > timeout);

        Assert.True(await Table.HeartbeatAsync(A, Ct));

        Assert.False(await Table.TryDeclareDeadAsync(A, B, timeout, stale.Version, Ct));
        Assert.Equal(MembershipStatus.Active, (await EntryAsync(A)).Status);
        Assert.Equal(stale.Version, (await Table.ReadAsync(Ct)).Version);
    }

    [Fact]
    public async Task A_dead_silo_cannot_heartbeat_nor_come_back()
    {
        await RegisterActiveAsync(A);
        await RegisterActiveAsync(B);
        await Eventually.HoldsAsync(
            async () => await Table.TryDeclareDeadAsync(A, B, TimeSpan.FromMilliseconds(200), (await Table.ReadAsync(Ct)).Version, Ct),
            "A declared dead");
        var version = (await Table.ReadAsync(Ct)).Version;

        Assert.False(await Table.HeartbeatAsync(A, Ct));
        Assert.False(await Table.TrySetStatusAsync(A, MembershipStatus.Active, version, Ct));
        Assert.False(await Table.TrySetStatusAsync(A, MembershipStatus.Joining, version, Ct));

        Assert.Equal(MembershipStatus.Dead, (await EntryAsync(A)).Status);
        Assert.Equal(version, (await Table.ReadAsync(Ct)).Version);
    }

    [Fact]
    public async Task A_silo_leaving_gracefully_goes_through_shutting_down_to_dead_by_nobody()
    {
        await RegisterActiveAsync(A);

        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.ShuttingDown, (await Table.ReadAsync(Ct)).Version, Ct));
        Assert.Equal(MembershipStatus.ShuttingDown, (await EntryAsync(A)).Status);
        Assert.True(await Table.HeartbeatAsync(A, Ct));
        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.Dead, (await Table.ReadAsync(Ct)).Version, Ct));

        var gone = await EntryAsync(A);
        Assert.Equal(MembershipStatus.Dead, gone.Status);
        Assert.Null(gone.DeclaredDeadBy);
        Assert.False(await Table.HeartbeatAsync(A, Ct));
    }

    [Fact]
    public async Task A_silo_never_registered_cannot_heartbeat()
    {
        Assert.False(await Table.HeartbeatAsync(A, Ct));
        Assert.Empty((await Table.ReadAsync(Ct)).Entries);
    }

    [Fact]
    public async Task Clean_up_deletes_only_the_rows_of_silos_dead_longer_than_the_age()
    {
        await RegisterActiveAsync(A);
        await RegisterActiveAsync(B);
        Assert.True(await Table.TrySetStatusAsync(A, MembershipStatus.Dead, (await Table.ReadAsync(Ct)).Version, Ct));

        Assert.Equal(0, await Table.CleanUpAsync(TimeSpan.FromHours(1), Ct));
        Assert.Equal(2, (await Table.ReadAsync(Ct)).Entries.Count);

        await Eventually.HoldsAsync(async () => await Table.CleanUpAsync(TimeSpan.FromMilliseconds(200), Ct) == 1, "A's row cleaned up");
        var left = await Table.ReadAsync(Ct);
        Assert.Equal(B, Assert.Single(left.Entries).Silo);
        Assert.False(await Table.HeartbeatAsync(A, Ct));
    }

    [Fact]
    public async Task Two_clusters_in_one_database_do_not_see_each_other()
    {
        var other = new PostgresMembershipTable(_database!.Database, "other");
        await other.InitializeAsync(Ct);
        await RegisterActiveAsync(A);

        var otherSnapshot = await other.ReadAsync(Ct);
        Assert.Equal(0, otherSnapshot.Version);
        Assert.Empty(otherSnapshot.Entries);
        Assert.False(await other.HeartbeatAsync(A, Ct));
        Assert.False(await other.TryDeclareDeadAsync(A, B, TimeSpan.FromTicks(1), 0, Ct));

        // The same address may be a member of both; each cluster's row and version are its own.
        Assert.True(await other.TrySetStatusAsync(A, MembershipStatus.Joining, 0, Ct));
        Assert.True(await other.TrySetStatusAsync(A, MembershipStatus.Dead, 1, Ct));
        Assert.Equal(MembershipStatus.Active, (await EntryAsync(A)).Status);
        Assert.Equal(2, (await Table.ReadAsync(Ct)).Version);
        Assert.Equal(1, await other.CleanUpAsync(TimeSpan.Zero, Ct));
        Assert.Single((await Table.ReadAsync(Ct)).Entries);
    }

    private async Task RegisterActiveAsync(SiloAddress silo)
    {
        Assert.True(await Table.TrySetStatusAsync(silo, MembershipStatus.Joining, (await Table.ReadAsync(Ct)).Version, Ct));
        Assert.True(await Table.TrySetStatusAsync(silo, MembershipStatus.Active, (await Table.ReadAsync(Ct)).Version, Ct));
    }

    private async Task<MembershipEntry> EntryAsync(SiloAddress silo) => (await Table.ReadAsync(Ct)).Entries.Single(e => e.Silo == silo);
}
