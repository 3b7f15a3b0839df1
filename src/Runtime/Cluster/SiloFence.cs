using System.Globalization;
using FraudActors.Runtime.Cluster.Membership;
using Npgsql;

namespace FraudActors.Runtime.Cluster;

/// <summary>
/// This silo's fencing token for writes to the cluster's shared PostgreSQL state: its own row in the membership table.
/// A fenced write is one statement that first takes a share lock on that row, provided it is not
/// <see cref="MembershipStatus.Dead"/>, and writes only if it got it; so once the silo's peers have declared it dead,
/// nothing it still runs (a stale activation on a silo that was paused, or cut off from the database) can change
/// shared state. Registered by <see cref="ClusterServiceCollectionExtensions.AddFraudActorsCluster"/>; a PostgreSQL
/// store takes it as optional (null, as in an embedded node, means unfenced and costs nothing).
/// </summary>
/// <remarks>
/// <para>Why a lock, not just a check. Under read committed a statement reads the rows committed when it started. A
/// plain <c>EXISTS (... status &lt;&gt; Dead)</c> could read the row just before a peer's declaration commits and then
/// commit its write after the declaration, i.e. after the grain's new owner (which acts only on the committed
/// declaration) may already have read the state: both the stale write and the new owner's view of the state without
/// it would stand. <c>FOR SHARE</c> conflicts with the row lock the declaration's <c>UPDATE</c> takes
/// (<c>FOR NO KEY UPDATE</c>; <c>FOR KEY SHARE</c> would not conflict with it), so the two serialise on the row:</para>
/// <list type="bullet">
/// <item>The write locks first: the declaration waits until the write's transaction ends. The write is committed (and
/// visible to every later snapshot) before the declaration can commit, so a new owner, which reads only after seeing
/// the declaration, sees the write.</item>
/// <item>The declaration updates first: the write's lock waits for it. If it commits, PostgreSQL re-checks the locking
/// query's condition on the newest row version (EvalPlanQual, as for <c>UPDATE</c> under read committed); the row is
/// now dead, so the fence yields no row and the write writes nothing. If it rolls back, the write goes on.</item>
/// <item>The declaration committed before the write started: the write reads the dead row and writes nothing.</item>
/// </list>
/// <para>The lock is held until the write's transaction ends (autocommit: the end of the statement), so its cost falls
/// on this silo's own heartbeat, which updates the same row and waits for the fenced writes in flight (each a few
/// milliseconds). Writes of several silos never wait for each other: each locks its own row.</para>
/// <para>The membership rows must live in the database the fenced stores write to (the cluster silo host uses one pool
/// for everything). A silo's row exists before its first grain runs (it registers as Joining at the host's
/// <c>StartingAsync</c>), and writes are allowed while it is Joining, Active or ShuttingDown: a leaving silo still
/// persists its grains when it deactivates them, and records itself Dead only after the runtime has stopped.</para>
/// </remarks>
public sealed class SiloFence
{
    /// <summary>
    /// The common table expression <c>fence</c>: one row, locked <c>FOR SHARE</c>, while this silo is not dead; no row
    /// otherwise. Statements using it start with <c>WITH</c> this, write only <c>WHERE EXISTS (SELECT FROM fence)</c>,
    /// and report whether the fence held (see <see cref="WrapWrite"/>). Parameters: <see cref="AddParameters"/>.
    /// </summary>
    /// <remarks>
    /// <c>MATERIALIZED</c> so it runs once however often it is referenced (a locking query is never inlined anyway).
    /// </remarks>
    public static string Cte { get; } =
        "fence AS MATERIALIZED (SELECT 1 FROM cluster_members WHERE cluster_id = @fence_cluster AND address = @fence_silo AND status <> "
        + ((short)MembershipStatus.Dead).ToString(CultureInfo.InvariantCulture) + " FOR SHARE)";

    private readonly Action<string> _onRefused;
    private readonly string _address;

    /// <summary>Creates the fence of <paramref name="silo"/> in cluster <paramref name="clusterId"/>.</summary>
    /// <param name="clusterId">The cluster whose membership rows hold the silo's.</param>
    /// <param name="silo">This silo, generation included: a restarted process is another silo with another row.</param>
    /// <param name="onRefused">Called (with the reason) when a fenced write is refused: the silo must step down.</param>
    public SiloFence(string clusterId, SiloAddress silo, Action<string> onRefused)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(onRefused);
        ClusterId = clusterId;
        Silo = silo;
        _address = silo.ToString();
        _onRefused = onRefused;
    }

    /// <summary>The cluster.</summary>
    public string ClusterId { get; }

    /// <summary>This silo.</summary>
    public SiloAddress Silo { get; }

    /// <summary>
    /// A fenced form of a single write: <paramref name="write"/> (an <c>INSERT ... SELECT</c>, <c>UPDATE</c> or
    /// <c>DELETE</c> that writes only <c>WHERE EXISTS (SELECT FROM fence)</c> and ends in <c>RETURNING 1</c>, no
    /// semicolon) becomes a statement returning one row: whether the fence held, and how many rows were written.
    /// Run it with <see cref="ExecuteWriteAsync"/>.
    /// </summary>
    public static string WrapWrite(string write) =>
        $"WITH {Cte}, written AS ({write}) SELECT EXISTS (SELECT FROM fence), (SELECT count(*) FROM written)::int;";

    /// <summary>Adds the parameters <see cref="Cte"/> names.</summary>
    public void AddParameters(NpgsqlParameterCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Add(new NpgsqlParameter<string>("fence_cluster", ClusterId));
        parameters.Add(new NpgsqlParameter<string>("fence_silo", _address));
    }

    /// <summary>
    /// Runs a write: when <paramref name="fence"/> is null, <paramref name="command"/> as it is; otherwise
    /// <paramref name="command"/> holds the statement <see cref="WrapWrite"/> made of it, and the fence's parameters are
    /// added here.
    /// </summary>
    /// <param name="fence">The silo's fence, or null for an unfenced store.</param>
    /// <param name="command">The statement, its own parameters bound.</param>
    /// <param name="what">What is being written, for the exception (e.g. "writing state 'account' of account/7").</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>How many rows were written.</returns>
    /// <exception cref="SiloFencedException">This silo is dead: nothing was written, and it steps down.</exception>
    public static Task<int> ExecuteWriteAsync(SiloFence? fence, NpgsqlCommand command, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return fence is null ? command.ExecuteNonQueryAsync(cancellationToken) : fence.ExecuteFencedAsync(command, what, cancellationToken);
    }

    /// <summary>
    /// Reports a write the fence refused: makes the silo step down, and returns the exception to fail the write with.
    /// </summary>
    /// <param name="what">What was being written.</param>
    public SiloFencedException Refused(string what)
    {
        var reason = $"{what} was refused: the silo is dead in the membership table";
        _onRefused(reason);
        return new SiloFencedException(
            $"Silo {_address} is dead in the membership table of cluster '{ClusterId}' (declared dead by its peers, or left): {what} was refused and nothing was written. The silo steps down; retry the call, which reaches the grain's new owner.");
    }

    private async Task<int> ExecuteFencedAsync(NpgsqlCommand command, string what, CancellationToken cancellationToken)
    {
        AddParameters(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A fenced write returned no row: its statement was not made by SiloFence.WrapWrite.");
        }

        var held = reader.GetBoolean(0);
        var written = reader.GetInt32(1);

        // Closing the reader reads to the end of the statement, so a failed commit throws here, before any answer.
        await reader.DisposeAsync().ConfigureAwait(false);
        return held ? written : throw Refused(what);
    }
}
