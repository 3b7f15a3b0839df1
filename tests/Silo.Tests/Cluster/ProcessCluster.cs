using System.Globalization;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Hosting;
using FraudActors.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// A cluster of real silo processes (the built FraudActors.Silo.dll in cluster mode) on one fresh PostgreSQL database,
/// with membership timings short enough that a dead silo is noticed in about 3 s. Silos start one after another, as
/// deploy/cluster.sh starts them (silos starting at the same moment race to host the model registry); the first has
/// the trained model's catalog and publishes it. Every process is killed on dispose, whatever the test did.
/// </summary>
/// <remarks>
/// Which silo wrote each decision is recorded outside the product: every silo's PostgreSQL sessions carry the
/// application name <c>silo-N</c>, and the test database's <c>decisions</c> table gets a <c>written_by</c> column
/// defaulting to the inserting session's application name. A decision is written by the silo whose customer grain
/// made it, so this shows where a grain lived without any hook in the silo.
/// </remarks>
internal sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>Heartbeat and refresh period of the silos.</summary>
    public static readonly TimeSpan MembershipPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Silence after which a silo is declared dead: 12 heartbeats, so a silo starved of CPU for a second or two while
    /// the whole suite runs on 2 cores is not declared dead by mistake, and still a failover of about 3 s.
    /// </summary>
    public static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);

    private const string ClusterId = "faults";

    private readonly TrainedModel _trained;
    private readonly TemporaryDirectory _directory = new();
    private readonly List<SiloProcess> _silos = [];
    private readonly Dictionary<SiloProcess, int> _siloPorts = [];
    private readonly PostgresMembershipTable _membership;

    private ProcessCluster(TrainedModel trained, PostgresTestDatabase database, PostgresDecisionLog log)
    {
        _trained = trained;
        Database = database;
        Log = log;
        _membership = new PostgresMembershipTable(database.Database, ClusterId);
    }

    /// <summary>The cluster's database.</summary>
    public PostgresTestDatabase Database { get; }

    /// <summary>The decision log, read in the test process (never written by it).</summary>
    public PostgresDecisionLog Log { get; }

    /// <summary>The silos started so far, in order (silo-1 first), whether or not they still run.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>A fresh database and <paramref name="silos"/> silos, each ready before the next starts.</summary>
    public static async Task<ProcessCluster> StartAsync(TrainedModel trained, int silos, CancellationToken cancellationToken)
    {
        var database = await PostgresTestDatabase.CreateAsync(cancellationToken);
        ProcessCluster? cluster = null;
        try
        {
            // The log's migration runs here, before any silo, so the observation column can be added to its table.
            var log = await PostgresDecisionLog.CreateAsync(database.Database, new PostgresDecisionLogOptions(), NullLogger.Instance, cancellationToken);
            cluster = new ProcessCluster(trained, database, log);
            await using (var alter = database.Database.DataSource.CreateCommand(
                "ALTER TABLE decisions ADD COLUMN written_by text NOT NULL DEFAULT current_setting('application_name');"))
            {
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }

            for (var i = 0; i < silos; i++)
            {
                await cluster.AddSiloAsync();
            }

            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts the next silo (silo-N) and returns once it is ready and the table records it active.</summary>
    public async Task<SiloProcess> AddSiloAsync()
    {
        var number = _silos.Count + 1;
        var name = $"silo-{number}";
        var siloPort = SiloProcess.FreePort();
        var artifacts = number == 1 ? _trained.ArtifactsPath : Directory.CreateDirectory(_directory.File($"{name}-artifacts")).FullName;
        var connection = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { ApplicationName = name, MaxPoolSize = 8 };
        var settings = new Dictionary<string, string>
        {
            ["Cluster:PostgresConnectionString"] = connection.ConnectionString,
            ["Cluster:ClusterId"] = ClusterId,
            ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatPeriod"] = MembershipPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster:RefreshPeriod"] = MembershipPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster:DeathTimeout"] = DeathTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Node:ArtifactsDirectory"] = artifacts,
            // Membership changes at Information: the tail of a failed silo's output then tells the cluster's story.
            ["Logging:LogLevel:FraudActors.Runtime.Cluster"] = "Information",
        };

        var silo = await SiloProcess.StartAsync(name, settings, _directory.Path);
        _silos.Add(silo);
        _siloPorts[silo] = siloPort;
        await Eventually.HoldsAsync(async () => (await ActiveAsync()).Any(a => a.Port == siloPort), $"{name} active in the membership table");
        return silo;
    }

    /// <summary>The membership table as it stands.</summary>
    public async Task<IReadOnlyList<MembershipEntry>> ReadMembershipAsync() =>
        (await _membership.ReadAsync(CancellationToken.None)).Entries;

    /// <summary>The active silos' addresses.</summary>
    public async Task<IReadOnlyList<SiloAddress>> ActiveAsync() =>
        [.. (await ReadMembershipAsync()).Where(e => e.Status == MembershipStatus.Active).Select(e => e.Silo)];

    /// <summary>The membership row of a silo process (its newest start on its port).</summary>
    public async Task<MembershipEntry> EntryOfAsync(SiloProcess silo) =>
        (await ReadMembershipAsync()).Where(e => e.Silo.Port == _siloPorts[silo]).MaxBy(e => e.StartedAt)
        ?? throw new InvalidOperationException($"{silo.Name} has no row in the membership table.");

    /// <summary>Placement over the silos the table records as active: what every silo with the newest view computes.</summary>
    public async Task<RendezvousPlacement> PlacementAsync() => new(await ActiveAsync());

    /// <summary>The process of a silo address.</summary>
    public SiloProcess ProcessOf(SiloAddress address) => _silos.Single(s => _siloPorts[s] == address.Port);

    /// <summary>Waits until the table records <paramref name="silo"/> dead; returns when that was first seen.</summary>
    public async Task WaitUntilDeadAsync(SiloProcess silo, TimeSpan timeout) =>
        await Eventually.HoldsAsync(async () => (await EntryOfAsync(silo)).Status == MembershipStatus.Dead, $"{silo.Name} declared dead", timeout);

    /// <summary>The grain id of a customer's grain (type name as the runtime derives it from <see cref="ICustomerGrain"/>).</summary>
    public static GrainId CustomerGrain(string customerId) => new("customer", customerId);

    /// <summary>Which silo (by its application name, silo-N) wrote each decision of these transactions.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WritersAsync(IReadOnlyCollection<string> transactionIds)
    {
        await using var command = Database.Database.DataSource.CreateCommand(
            "SELECT transaction_id, written_by FROM decisions WHERE transaction_id = ANY($1);");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. transactionIds] });
        await using var reader = await command.ExecuteReaderAsync();
        var writers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            writers[reader.GetString(0)] = reader.GetString(1);
        }

        return writers;
    }

    /// <summary>Every transaction id logged for a customer.</summary>
    public async Task<IReadOnlyList<string>> LoggedTransactionsOfAsync(string customerId)
    {
        await using var command = Database.Database.DataSource.CreateCommand("SELECT transaction_id FROM decisions WHERE customer_id = $1 ORDER BY seq;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerId });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The ends of every silo's output, for a failure message.</summary>
    public string OutputTails() => string.Concat(_silos.Select(s => s.OutputTail()));

    /// <summary>Kills every silo still running, then drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        await Log.DisposeAsync();
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
