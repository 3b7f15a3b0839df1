namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Schema of the PostgreSQL decision log (component <c>decision-log</c>) and its statements. Shaped like the SQLite
/// store's, so both modes read back the same: features as a float64 blob in schema order (<see cref="Sqlite.DecisionBlobs"/>)
/// with the names kept once per schema in <c>feature_schemas</c>, reasons as (feature index, contribution) pairs,
/// times as <see cref="PostgresInstant"/> column triples. <c>seq</c> is log order (it breaks ties in time).
/// </summary>
/// <remarks>
/// Why a blob and not <c>float8[]</c>: the blob is 8 bytes a feature with no array header (a <c>float8[]</c> adds
/// about 24 bytes of header per row and still needs the names elsewhere), one encoding serves both modes, and nothing
/// queries single features in SQL. <c>feature_schema_id</c> has no foreign key: the check would fire a trigger per
/// inserted row, and a schema is committed before any decision can name it and never deleted.
/// </remarks>
internal static class PostgresDecisionLogSchema
{
    /// <summary>The migration component name.</summary>
    public const string Component = "decision-log";

    /// <summary>Index i brings the schema from version i to i + 1. Never edit a shipped script: add one.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE feature_schemas (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            names_hash bytea NOT NULL UNIQUE,
            names text[] NOT NULL
        );

        CREATE TABLE decisions (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            transaction_id text NOT NULL,
            customer_id text NOT NULL,
            terminal_id text NOT NULL,
            amount_cents bigint NOT NULL,
            event_time timestamptz NOT NULL,
            event_time_ticks smallint NOT NULL,
            event_offset_minutes smallint NOT NULL,
            score float8 NOT NULL,
            decision smallint NOT NULL,
            explanation smallint NOT NULL,
            model_version text NOT NULL,
            feature_schema_id bigint NOT NULL,
            features bytea NOT NULL,
            reasons bytea NOT NULL,
            decided_at timestamptz NOT NULL,
            decided_at_ticks smallint NOT NULL,
            decided_offset_minutes smallint NOT NULL,
            shadow_model_version text,
            shadow_score float8,
            shadow_decision smallint
        );

        -- The idempotency check: ON CONFLICT (transaction_id) needs it unique.
        CREATE UNIQUE INDEX decisions_by_transaction ON decisions (transaction_id);
        CREATE INDEX decisions_by_customer ON decisions (customer_id, event_time);
        CREATE INDEX decisions_by_terminal ON decisions (terminal_id, event_time);
        -- Retraining reads "the last N days of the data": without this it would scan the log.
        CREATE INDEX decisions_by_time ON decisions (event_time);
        """,
    ];

    private const string InsertColumns =
        """
        INSERT INTO decisions (
            transaction_id, customer_id, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, explanation, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes,
            shadow_model_version, shadow_score, shadow_decision)
        SELECT * FROM unnest(
            @transaction_id, @customer_id, @terminal_id, @amount_cents,
            @event_time, @event_time_ticks, @event_offset_minutes,
            @score, @decision, @explanation, @model_version, @feature_schema_id, @features, @reasons,
            @decided_at, @decided_at_ticks, @decided_offset_minutes,
            @shadow_model_version, @shadow_score, @shadow_decision)
        """;

    /// <summary>
    /// A whole batch in one statement: each column is an array parameter, zipped back into rows by <c>unnest</c>.
    /// Returns the ids it inserted; an id already in the table is skipped, which is how duplicates are found.
    /// </summary>
    public const string InsertBatch =
        $"""
        {InsertColumns}
        ON CONFLICT (transaction_id) DO NOTHING
        RETURNING transaction_id;
        """;

    /// <summary>
    /// <see cref="InsertBatch"/> fenced by the writing silo's membership row (<see cref="Runtime.Cluster.SiloFence"/>):
    /// inserts only while the silo is not dead, and then returns the ids it inserted; when the fence refuses, inserts
    /// nothing and returns one row with a null id instead.
    /// </summary>
    public static readonly string FencedInsertBatch =
        $"""
        WITH {Runtime.Cluster.SiloFence.Cte},
        inserted AS (
            {InsertColumns}
            WHERE EXISTS (SELECT FROM fence)
            ON CONFLICT (transaction_id) DO NOTHING
            RETURNING transaction_id)
        SELECT transaction_id FROM inserted
        UNION ALL
        SELECT NULL WHERE NOT EXISTS (SELECT FROM fence);
        """;

    /// <summary>One logged decision by transaction id.</summary>
    public const string Find =
        """
        SELECT transaction_id, customer_id, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, explanation, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes,
            shadow_model_version, shadow_score, shadow_decision
        FROM decisions WHERE transaction_id = @transaction_id;
        """;

    // "Within the horizon of the latest" in one statement: the latest is one step down the entity's index, and the
    // bound is inclusive so an entry exactly at the horizon is returned. The horizon arrives in microseconds and is
    // multiplied out, not passed as an interval: an interval with days would be calendar days in the session's time
    // zone, which are 23 or 25 hours long across a DST change.

    /// <summary>A customer's transactions within the horizon of its latest, in time then log order.</summary>
    public const string CustomerHistory =
        """
        SELECT d.transaction_id, d.event_time, d.event_time_ticks, d.event_offset_minutes, d.amount_cents
        FROM decisions AS d
        WHERE d.customer_id = @id
          AND d.event_time >= (SELECT max(event_time) FROM decisions WHERE customer_id = @id) - @horizon_us * interval '1 microsecond'
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;

    /// <summary>A terminal's transactions within the horizon of its latest, in time then log order, with their current label.</summary>
    public const string TerminalHistory =
        """
        SELECT d.transaction_id, d.event_time, d.event_time_ticks, d.event_offset_minutes, COALESCE(l.is_fraud, false)
        FROM decisions AS d
        LEFT JOIN labels AS l ON l.transaction_id = d.transaction_id
        WHERE d.terminal_id = @id
          AND d.event_time >= (SELECT max(event_time) FROM decisions WHERE terminal_id = @id) - @horizon_us * interval '1 microsecond'
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;

    /// <summary>Stored decisions of the last days before the newest, in time then log order, with their current label.</summary>
    public const string RecentLabelled =
        """
        SELECT d.event_time, d.customer_id, d.feature_schema_id, d.features, COALESCE(l.is_fraud, false)
        FROM decisions AS d
        LEFT JOIN labels AS l ON l.transaction_id = d.transaction_id
        WHERE d.event_time >= (SELECT max(event_time) FROM decisions) - @days * interval '24 hours'
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;

    /// <summary>Writes a feature schema unless it is there, then reads its id (two statements, one round trip).</summary>
    public const string InsertSchema =
        "INSERT INTO feature_schemas (names_hash, names) VALUES (@hash, @names) ON CONFLICT (names_hash) DO NOTHING;";

    /// <summary>A schema's id and names by hash.</summary>
    public const string FindSchemaByHash = "SELECT id, names FROM feature_schemas WHERE names_hash = @hash;";

    /// <summary>A schema's names by id.</summary>
    public const string FindSchemaById = "SELECT names FROM feature_schemas WHERE id = @id;";
}
