using System.Collections.Concurrent;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Testing;

/// <summary>
/// A silo as a fenced store sees it, without a host: its row in the real membership table of a test cluster, and its
/// <see cref="SiloFence"/>, which records the refusals it reports instead of stepping a silo down. The row can be
/// declared dead by a peer, at once or in a transaction the test holds open, to race it with fenced writes.
/// </summary>
public sealed class FencedSiloRow
{
    /// <summary>The cluster the rows belong to.</summary>
    public const string ClusterId = "fence-test";

    private static int _nextPort = 20_000;

    private readonly PostgresDatabase _database;
    private readonly PostgresMembershipTable _table;
    private readonly ConcurrentQueue<string> _refusals = new();

    private FencedSiloRow(PostgresDatabase database, PostgresMembershipTable table, SiloAddress address)
    {
        _database = database;
        _table = table;
        Address = address;
        Fence = new SiloFence(ClusterId, address, _refusals.Enqueue);
    }

    /// <summary>This silo.</summary>
    public SiloAddress Address { get; }

    /// <summary>Its fence, for the store under test.</summary>
    public SiloFence Fence { get; }

    /// <summary>The reasons of the refusals the fence reported (each would have made the silo step down).</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>Registers a new silo (a fresh address) with <paramref name="status"/> in <paramref name="database"/>.</summary>
    public static async Task<FencedSiloRow> RegisterAsync(
        PostgresDatabase database, CancellationToken cancellationToken, MembershipStatus status = MembershipStatus.Active)
    {
        ArgumentNullException.ThrowIfNull(database);
        var table = new PostgresMembershipTable(database, ClusterId);
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var row = new FencedSiloRow(database, table, new SiloAddress("127.0.0.1", Interlocked.Increment(ref _nextPort), DateTimeOffset.UtcNow.UtcTicks));
        await row.SetStatusAsync(MembershipStatus.Joining, cancellationToken).ConfigureAwait(false);
        if (status != MembershipStatus.Joining)
        {
            await row.SetStatusAsync(status, cancellationToken).ConfigureAwait(false);
        }

        return row;
    }

    /// <summary>Moves the silo to <paramref name="status"/> (Dead: it left) as the silo itself would.</summary>
    public async Task SetStatusAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (await _table.TrySetStatusAsync(Address, status, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Could not set {Address} to {status}.");
    }

    /// <summary>
    /// A peer declares this silo dead through the real table (its silence just has to exceed a microsecond).
    /// </summary>
    /// <returns>Whether the declaration committed.</returns>
    public async Task<bool> DeclareDeadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        return await _table.TryDeclareDeadAsync(Address, new SiloAddress("peer", 1, 1), TimeSpan.FromTicks(10), snapshot.Version, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a peer's declaration of death on its own connection and leaves its transaction open: the row is updated
    /// (and row-locked) as by <see cref="PostgresMembershipTable.TryDeclareDeadAsync"/>, not yet committed.
    /// </summary>
    public async Task<OpenTransaction> BeginDeclarationAsync(CancellationToken cancellationToken)
    {
        var open = await OpenTransaction.BeginAsync(_database, cancellationToken).ConfigureAwait(false);
        await open.ExecuteAsync(
            $"""
            UPDATE cluster_members SET status = {(short)MembershipStatus.Dead}, declared_dead_by = 'peer:1@1', status_changed_at = clock_timestamp()
            WHERE cluster_id = '{ClusterId}' AND address = '{Address}' AND status <> {(short)MembershipStatus.Dead}
            """,
            cancellationToken).ConfigureAwait(false);
        return open;
    }

    /// <summary>
    /// Takes this silo's fence (the share lock a fenced write takes) on its own connection and leaves the transaction
    /// open, as a fenced write still in flight holds it.
    /// </summary>
    /// <returns>The transaction, and whether the fence held (false: the silo is dead).</returns>
    public async Task<(OpenTransaction Transaction, bool Held)> HoldFenceAsync(CancellationToken cancellationToken)
    {
        var open = await OpenTransaction.BeginAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = open.Command($"WITH {SiloFence.Cte} SELECT EXISTS (SELECT FROM fence);");
        Fence.AddParameters(command.Parameters);
        var held = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return (open, held);
    }

    /// <summary>This silo's status in the table as committed now.</summary>
    public async Task<MembershipStatus?> StatusAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.Entries.FirstOrDefault(e => e.Silo == Address)?.Status;
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> sessions on the database wait for a lock: a statement a test
    /// started is then known to be blocked, not merely slow.
    /// </summary>
    public async Task WaitForLockWaitersAsync(int count)
    {
        await Eventually.HoldsAsync(
            async () =>
            {
                await using var command = _database.DataSource.CreateCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
                return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! >= count;
            },
            $"{count} session(s) waiting for a lock").ConfigureAwait(false);
    }
}
