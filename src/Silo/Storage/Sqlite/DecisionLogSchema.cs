namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Schema of the decision log's store (component <c>decision-log</c>), which the indexer fills from the journal.
/// Sized for millions of rows: <c>seq</c> is the journal's sequence number, so the store and the journal agree on
/// log order; the transaction id is indexed by its 64-bit fingerprint (an integer index is a third the size of a
/// text one and is what the start-up loads into the fingerprint set), uniqueness being the journal writer's job;
/// customers and terminals are indexed by the fingerprints of their ids too (measured with the indexer at 800,000
/// rows: 9.9 instead of 12.9 µs of CPU per row, as the smaller indexes stay in the page cache), every query
/// confirming the id itself; times as integers; features as a float64 blob with their names kept once per schema; reasons as
/// (feature index, contribution) pairs. <c>decision_log_watermark</c> holds the highest journal sequence number
/// whose decision the store holds, committed in the same transaction as the rows.
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
            transaction_key INTEGER NOT NULL,
            transaction_id TEXT NOT NULL,
            customer_key INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            terminal_key INTEGER NOT NULL,
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

        CREATE INDEX decisions_by_transaction_key ON decisions (transaction_key);
        CREATE INDEX decisions_by_customer ON decisions (customer_key, event_time, event_time_ticks);
        CREATE INDEX decisions_by_terminal ON decisions (terminal_key, event_time, event_time_ticks);

        CREATE TABLE decision_log_watermark (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            indexed_seq INTEGER NOT NULL
        );
        """,

        // Retraining reads "the last N days of the data" (SqliteTrainingDataSource): without this it would scan the log.
        // Times arrive nearly in order, so the index grows at its right edge and costs the indexer little.
        """
        CREATE INDEX decisions_by_time ON decisions (event_time, event_time_ticks);
        """,

        // The challenger's score in shadow mode, kept beside the champion's for comparison; NULL when no challenger
        // scored. Nullable columns without a default: SQLite adds them to the schema alone, rewriting no row.
        """
        ALTER TABLE decisions ADD COLUMN shadow_model_version TEXT;
        ALTER TABLE decisions ADD COLUMN shadow_score REAL;
        ALTER TABLE decisions ADD COLUMN shadow_decision INTEGER;
        """,
    ];

    /// <summary>One row, numbered by the journal; parameters by position (the indexer binds them raw).</summary>
    public const string Insert =
        """
        INSERT INTO decisions (
            seq, transaction_key, transaction_id, customer_key, customer_id, terminal_key, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, explanation, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes,
            shadow_model_version, shadow_score, shadow_decision)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24);
        """;

    /// <summary>Sets the watermark, in the transaction that inserted the rows up to it.</summary>
    public const string SetWatermark =
        "INSERT INTO decision_log_watermark (id, indexed_seq) VALUES (1, $seq) ON CONFLICT (id) DO UPDATE SET indexed_seq = excluded.indexed_seq;";

    /// <summary>The watermark (null before the first commit).</summary>
    public const string GetWatermark = "SELECT indexed_seq FROM decision_log_watermark WHERE id = 1;";

    /// <summary>Every fingerprint, from the integer index alone (it covers the column).</summary>
    public const string AllTransactionKeys = "SELECT transaction_key FROM decisions INDEXED BY decisions_by_transaction_key;";

    /// <summary>Whether a transaction id is stored: found by fingerprint, confirmed by the id.</summary>
    public const string ContainsTransaction =
        "SELECT 1 FROM decisions INDEXED BY decisions_by_transaction_key WHERE transaction_key = $transaction_key AND transaction_id = $transaction_id LIMIT 1;";

    /// <summary>One logged decision by transaction id.</summary>
    public const string Find =
        """
        SELECT transaction_id, customer_id, terminal_id, amount_cents,
            event_time, event_time_ticks, event_offset_minutes,
            score, decision, model_version, feature_schema_id, features, reasons,
            decided_at, decided_at_ticks, decided_offset_minutes, explanation,
            shadow_model_version, shadow_score, shadow_decision
        FROM decisions INDEXED BY decisions_by_transaction_key
        WHERE transaction_key = $transaction_key AND transaction_id = $transaction_id;
        """;

    // "Within the horizon of the latest": the latest is found through the same index (a max over one key), and the
    // bound is inclusive so an entry exactly at the horizon is returned; the windows drop what they do not need.
    // The indexes end in the rowid (seq), so (time, seq) order needs no sort. Rows above $indexed_through are also
    // in the tail, which the caller reads instead.

    // Keys are fingerprints: every query confirms the id, and finds the latest by walking the index backwards to the
    // first row that is really the entity's (a max() over the key would have to read every row of a shared key).

    /// <summary>The time of a customer's latest stored transaction (unix ms), or no row.</summary>
    public const string CustomerLatest =
        """
        SELECT event_time FROM decisions INDEXED BY decisions_by_customer
        WHERE customer_key = $key_hash AND customer_id = $key
        ORDER BY event_time DESC LIMIT 1;
        """;

    /// <summary>A customer's stored transactions from a time on, in time then log order.</summary>
    public const string CustomerHistory =
        """
        SELECT seq, transaction_id, event_time, event_time_ticks, event_offset_minutes, amount_cents
        FROM decisions INDEXED BY decisions_by_customer
        WHERE customer_key = $key_hash AND customer_id = $key AND event_time >= $floor AND seq <= $indexed_through
        ORDER BY event_time, event_time_ticks, seq;
        """;

    /// <summary>The time of a terminal's latest stored transaction (unix ms), or no row.</summary>
    public const string TerminalLatest =
        """
        SELECT event_time FROM decisions INDEXED BY decisions_by_terminal
        WHERE terminal_key = $key_hash AND terminal_id = $key
        ORDER BY event_time DESC LIMIT 1;
        """;

    /// <summary>A terminal's stored transactions from a time on, in time then log order, with their current label.</summary>
    public const string TerminalHistory =
        """
        SELECT d.seq, d.transaction_id, d.event_time, d.event_time_ticks, d.event_offset_minutes, COALESCE(l.is_fraud, 0)
        FROM decisions AS d INDEXED BY decisions_by_terminal
        LEFT JOIN labels AS l ON l.transaction_id = d.transaction_id
        WHERE d.terminal_key = $key_hash AND d.terminal_id = $key AND d.event_time >= $floor AND d.seq <= $indexed_through
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;

    /// <summary>The current labels of some transactions (a JSON array of ids): for terminal entries still in the tail.</summary>
    public const string Labels =
        "SELECT l.transaction_id, l.is_fraud FROM json_each($ids) AS j JOIN labels AS l ON l.transaction_id = j.value;";

    /// <summary>The time (unix ms) of the newest stored decision, or null when the log is empty.</summary>
    public const string Newest = "SELECT max(event_time) FROM decisions;";

    /// <summary>Stored decisions from a time on, in time then log order, with their current label (0 when unlabelled).</summary>
    public const string RecentLabelled =
        """
        SELECT d.event_time, d.customer_id, d.feature_schema_id, d.features, COALESCE(l.is_fraud, 0)
        FROM decisions AS d INDEXED BY decisions_by_time
        LEFT JOIN labels AS l ON l.transaction_id = d.transaction_id
        WHERE d.event_time >= $floor
        ORDER BY d.event_time, d.event_time_ticks, d.seq;
        """;
}
