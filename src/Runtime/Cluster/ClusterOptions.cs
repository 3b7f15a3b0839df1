namespace FraudActors.Runtime.Cluster;

/// <summary>How a silo (or a cluster client) joins and watches the cluster. Every default is stated.</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Name shared by the silos of one cluster (several clusters may share a database). Default <c>fraudactors</c>.</summary>
    public string ClusterId { get; set; } = "fraudactors";

    /// <summary>PostgreSQL connection string of the membership table (and, in a cluster, of all state).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Host peers use to reach this silo. Default 127.0.0.1 (a cluster on one machine).</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Port of this silo's silo-to-silo endpoint (HTTP/2 without TLS). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>How often a silo proves it is alive. Default 1 s.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Silence (by the database's clock, so silos' clocks do not matter) after which a silo is declared dead.
    /// Default 4 s: detection within 5 s on loopback, as the design asks, with three missed heartbeats of slack.
    /// </summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How often the membership table is read, which is also how often a silo looks for silent peers. Default 1 s:
    /// a death is then seen within <see cref="DeathTimeout"/> plus two refreshes (one to declare it, one for the
    /// others to read it), and a join or a graceful leave within one refresh.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the rows of dead silos are kept (for diagnosis: who died when, declared by whom) before a silo
    /// deletes them. Default 1 day.
    /// </summary>
    public TimeSpan DefunctSiloRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether a silo that finds itself declared dead stops its host (the process should then exit and be
    /// restarted, which registers a new silo). Default true: a silo its peers consider dead must not serve, since
    /// its grains are being activated elsewhere.
    /// </summary>
    public bool StopHostWhenDeclaredDead { get; set; } = true;

    /// <summary>
    /// Most times a call is handed on to the silo a receiver believes owns its grain. Default 2: one hop covers a
    /// caller whose view is behind or ahead of the receiver's, a second one a receiver that is itself mid-change; past
    /// that the views are churning and the call is refused as not run, which the caller retries (within its deadline)
    /// once its own view has moved.
    /// </summary>
    public int MaxForwards { get; set; } = 2;

    /// <summary>
    /// Limit on opening a connection to a peer silo. Default 2 s: connecting takes well under a millisecond on a LAN,
    /// and a call whose connection cannot be made is known not to have been delivered, so failing fast lets it be
    /// retried on the new owner within its deadline.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
