namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Schema of the decision log (component <c>decision-log</c>). Sized for millions of rows: ids as text once per row
/// and once per index, times as integers, features as a float64 blob with their names kept once per schema, reasons
/// as (feature index, contribution) pairs.
/// </summary>
internal static class DecisionLogSchema
{
    /// <summary>The migration component name.</summary>
    public const string Component = "decision-log";

    /// <summary>Index i brings the schema from version i to i + 1. Never edit a shipped script: add one.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE feature_schemas (
            id INTEGER PRIMARY KEY,
            names_hash BLOB NOT NULL UNIQUE,
            names TEXT NOT NULL
        );

        CREATE TABLE decisions (
            seq INTEGER PRIMARY KEY,
            transaction_id TEXT NOT NULL UNIQUE,
            customer_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            event_time INTEGER NOT NULL,
            event_time_ticks INTEGER NOT NULL,
            event_offset_minutes INTEGER NOT NULL,
            score REAL NOT NULL,
            decision INTEGER NOT NULL,
            explanation INTEGER NOT NULL,
            model_version TEXT NOT NULL,
            feature_schema_id INTEGER NOT NULL REFERENCES feature_schemas (id),
            features BLOB NOT NULL,
            reasons BLOB NOT NULL,
            decided_at INTEGER NOT NULL,
            decided_at_ticks INTEGER NOT NULL,
            decided_offset_minutes INTEGER NOT NULL
        );

        CREATE INDEX decisions_by_customer ON decisions (customer_id, event_time, event_time_ticks);
        CREATE INDEX decisions_by_terminal ON decisions (terminal_id, event_time, event_time_ticks);
        """,
    ];

    /// <summary>
    /// The append: a transaction id already logged (earlier, or earlier in the same batch) writes nothing and
    /// changes 0 rows.
    /// </summary>
    public const string Insert =
        """
        INSERT INTO decisions (
            transaction_id, customer_id, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, explanation, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes)
        VALUES (
            $transaction_id, $customer_id, $terminal_id, $amount_cents,
            $event_time, $event_time_ticks, $event_offset_minutes,
            $score, $decision, $explanation, $model_version, $feature_schema_id, $features, $reasons,
            $decided_at, $decided_at_ticks, $decided_offset_minutes)
        ON CONFLICT (transaction_id) DO NOTHING;
        """;

    /// <summary>Parameter names of <see cref="Insert"/>, in the order the writer binds them.</summary>
    public static readonly string[] InsertParameters =
    [
        "$transaction_id", "$customer_id", "$terminal_id", "$amount_cents",
        "$event_time", "$event_time_ticks", "$event_offset_minutes",
        "$score", "$decision", "$explanation", "$model_version", "$feature_schema_id", "$features", "$reasons",
        "$decided_at", "$decided_at_ticks", "$decided_offset_minutes",
    ];

    /// <summary>One logged decision by transaction id.</summary>
    public const string Find =
        """
        SELECT transaction_id, customer_id, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes, explanation
        FROM decisions
        WHERE transaction_id = $transaction_id;
        """;

    // "Within the horizon of the latest": the latest is found through the same index (a max over one key), and the
    // bound is inclusive so an entry exactly at the horizon is returned; the windows drop what they do not need.
    // The indexes end in the rowid, so (time, seq) order needs no sort.

    /// <summary>A customer's transactions within a horizon of its latest one, in time then append order.</summary>
    public const string CustomerHistory =
        """
        SELECT transaction_id, event_time, event_time_ticks, event_offset_minutes, amount_cents
        FROM decisions INDEXED BY decisions_by_customer
        WHERE customer_id = $key
          AND event_time >= (SELECT max(event_time) FROM decisions INDEXED BY decisions_by_customer WHERE customer_id = $key) - $horizon_ms
        ORDER BY event_time, event_time_ticks, seq;
        """;

    /// <summary>A terminal's transactions within a horizon of its latest one, in time then append order, with their current label.</summary>
    public const string TerminalHistory =
        """
        SELECT d.transaction_id, d.event_time, d.event_time_ticks, d.event_offset_minutes, COALESCE(l.is_fraud, 0)
        FROM decisions AS d INDEXED BY decisions_by_terminal
        LEFT JOIN labels AS l ON l.transaction_id = d.transaction_id
        WHERE d.terminal_id = $key
          AND d.event_time >= (SELECT max(event_time) FROM decisions INDEXED BY decisions_by_terminal WHERE terminal_id = $key) - $horizon_ms
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;
}
