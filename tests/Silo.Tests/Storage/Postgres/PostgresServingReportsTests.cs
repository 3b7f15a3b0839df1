using System.Collections.Immutable;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Postgres;

/// <summary>The silo_models table on a real PostgreSQL server, with the active silos a test decides.</summary>
public sealed class PostgresServingReportsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress BRestarted = B with { Generation = 2 };

    private readonly FixedMembership _membership = new();
    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    [Fact]
    public async Task Every_active_silo_is_listed_with_its_latest_report_or_none()
    {
        var reports = await PostgresServingReports.CreateAsync(_database!.Database, "c1", _membership, Ct);
        _membership.Active(A, B);
        await reports.ReportAsync(new SiloModels(A.ToString(), 1, "v1", null, null, At), Ct);
        await reports.ReportAsync(new SiloModels(A.ToString(), 2, "v2", "v3", "bad artifact", At.AddSeconds(1)), Ct);

        var active = await reports.ReadActiveAsync(Ct);

        Assert.Equal(
            [new(A.ToString(), new SiloModels(A.ToString(), 2, "v2", "v3", "bad artifact", At.AddSeconds(1))), new(B.ToString(), null)],
            active);
    }

    [Fact]
    public async Task A_restarted_endpoint_replaces_its_row_and_the_earlier_start_never_counts_for_the_new_one()
    {
        var reports = await PostgresServingReports.CreateAsync(_database!.Database, "c1", _membership, Ct);
        await reports.ReportAsync(new SiloModels(B.ToString(), 5, "v5", null, null, At), Ct);
        _membership.Active(BRestarted);

        Assert.Null(Assert.Single(await reports.ReadActiveAsync(Ct)).Report);

        await reports.ReportAsync(new SiloModels(BRestarted.ToString(), 6, "v6", null, null, At), Ct);
        Assert.Equal(6, Assert.Single(await reports.ReadActiveAsync(Ct)).Report?.Revision);
        Assert.Equal(1, await RowsAsync());
    }

    [Fact]
    public async Task Silos_that_are_not_active_and_other_clusters_are_not_listed()
    {
        var one = await PostgresServingReports.CreateAsync(_database!.Database, "c1", _membership, Ct);
        var other = await PostgresServingReports.CreateAsync(_database.Database, "c2", _membership, Ct);
        await one.ReportAsync(new SiloModels(A.ToString(), 1, "v1", null, null, At), Ct);
        await other.ReportAsync(new SiloModels(B.ToString(), 1, "v1", null, null, At), Ct);
        _membership.Active(A);

        Assert.Equal(A.ToString(), Assert.Single(await one.ReadActiveAsync(Ct)).Silo);
        Assert.Null(Assert.Single(await other.ReadActiveAsync(Ct)).Report);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task<long> RowsAsync()
    {
        await using var count = _database!.Database.DataSource.CreateCommand("SELECT count(*) FROM silo_models");
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Membership whose active silos the test sets (the table, not membership, is under test).</summary>
    private sealed class FixedMembership : IClusterMembership
    {
        private volatile MembershipView _view = MembershipView.Empty;

        public SiloAddress LocalSilo => A;

        public MembershipView Current => _view;

        public CancellationToken SteppedDown => CancellationToken.None;

        public void Active(params SiloAddress[] silos) =>
            _view = new MembershipView(_view.Version + 1, silos.ToImmutableDictionary(s => s, _ => MembershipStatus.Active));

        public async IAsyncEnumerable<MembershipView> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return _view;
            await Task.CompletedTask;
        }
    }
}
