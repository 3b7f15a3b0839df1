using Npgsql;
using NpgsqlTypes;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// The rows of one batch as columns, each sent as one array parameter of <see cref="PostgresDecisionLogSchema.InsertBatch"/>.
/// The lists are kept between batches (the writer is the only user), so a batch allocates only its parameters.
/// </summary>
internal sealed class PostgresDecisionBatch
{
    private readonly List<string> _transactionIds = [];
    private readonly List<string> _customerIds = [];
    private readonly List<string> _terminalIds = [];
    private readonly List<long> _amounts = [];
    private readonly List<DateTime> _eventTimes = [];
    private readonly List<short> _eventTicks = [];
    private readonly List<short> _eventOffsets = [];
    private readonly List<double> _scores = [];
    private readonly List<short> _decisions = [];
    private readonly List<short> _explanations = [];
    private readonly List<string> _modelVersions = [];
    private readonly List<long> _schemaIds = [];
    private readonly List<byte[]> _features = [];
    private readonly List<byte[]> _reasons = [];
    private readonly List<DateTime> _decidedTimes = [];
    private readonly List<short> _decidedTicks = [];
    private readonly List<short> _decidedOffsets = [];
    private readonly List<string?> _shadowVersions = [];
    private readonly List<double?> _shadowScores = [];
    private readonly List<short?> _shadowDecisions = [];

    public int Count => _transactionIds.Count;

    public void Clear()
    {
        _transactionIds.Clear();
        _customerIds.Clear();
        _terminalIds.Clear();
        _amounts.Clear();
        _eventTimes.Clear();
        _eventTicks.Clear();
        _eventOffsets.Clear();
        _scores.Clear();
        _decisions.Clear();
        _explanations.Clear();
        _modelVersions.Clear();
        _schemaIds.Clear();
        _features.Clear();
        _reasons.Clear();
        _decidedTimes.Clear();
        _decidedTicks.Clear();
        _decidedOffsets.Clear();
        _shadowVersions.Clear();
        _shadowScores.Clear();
        _shadowDecisions.Clear();
    }

    public void Add(PostgresPendingAppend append)
    {
        var (request, result) = (append.Decision.Request, append.Decision.Result);
        var eventTime = PostgresInstant.From(request.Timestamp);
        var decidedAt = PostgresInstant.From(result.DecidedAt);
        _transactionIds.Add(request.TransactionId);
        _customerIds.Add(request.CustomerId);
        _terminalIds.Add(request.TerminalId);
        _amounts.Add(request.AmountCents);
        _eventTimes.Add(eventTime.Utc);
        _eventTicks.Add(eventTime.SubMicrosecondTicks);
        _eventOffsets.Add(eventTime.OffsetMinutes);
        _scores.Add(result.Score);
        _decisions.Add((short)result.Decision);
        _explanations.Add((short)result.Explanation);
        _modelVersions.Add(result.ModelVersion);
        _schemaIds.Add(append.SchemaId);
        _features.Add(append.Features);
        _reasons.Add(append.Reasons);
        _decidedTimes.Add(decidedAt.Utc);
        _decidedTicks.Add(decidedAt.SubMicrosecondTicks);
        _decidedOffsets.Add(decidedAt.OffsetMinutes);
        _shadowVersions.Add(result.Shadow?.ModelVersion);
        _shadowScores.Add(result.Shadow?.Score);
        _shadowDecisions.Add(result.Shadow is { } shadow ? (short)shadow.Decision : null);
    }

    /// <summary>Binds the columns to the insert statement's parameters (types explicit: no inference per batch).</summary>
    public void Bind(NpgsqlParameterCollection parameters)
    {
        Add(parameters, "transaction_id", NpgsqlDbType.Text, _transactionIds);
        Add(parameters, "customer_id", NpgsqlDbType.Text, _customerIds);
        Add(parameters, "terminal_id", NpgsqlDbType.Text, _terminalIds);
        Add(parameters, "amount_cents", NpgsqlDbType.Bigint, _amounts);
        Add(parameters, "event_time", NpgsqlDbType.TimestampTz, _eventTimes);
        Add(parameters, "event_time_ticks", NpgsqlDbType.Smallint, _eventTicks);
        Add(parameters, "event_offset_minutes", NpgsqlDbType.Smallint, _eventOffsets);
        Add(parameters, "score", NpgsqlDbType.Double, _scores);
        Add(parameters, "decision", NpgsqlDbType.Smallint, _decisions);
        Add(parameters, "explanation", NpgsqlDbType.Smallint, _explanations);
        Add(parameters, "model_version", NpgsqlDbType.Text, _modelVersions);
        Add(parameters, "feature_schema_id", NpgsqlDbType.Bigint, _schemaIds);
        Add(parameters, "features", NpgsqlDbType.Bytea, _features);
        Add(parameters, "reasons", NpgsqlDbType.Bytea, _reasons);
        Add(parameters, "decided_at", NpgsqlDbType.TimestampTz, _decidedTimes);
        Add(parameters, "decided_at_ticks", NpgsqlDbType.Smallint, _decidedTicks);
        Add(parameters, "decided_offset_minutes", NpgsqlDbType.Smallint, _decidedOffsets);
        Add(parameters, "shadow_model_version", NpgsqlDbType.Text, _shadowVersions);
        Add(parameters, "shadow_score", NpgsqlDbType.Double, _shadowScores);
        Add(parameters, "shadow_decision", NpgsqlDbType.Smallint, _shadowDecisions);
    }

    private static void Add<T>(NpgsqlParameterCollection parameters, string name, NpgsqlDbType elementType, List<T> column) =>
        parameters.Add(new NpgsqlParameter<List<T>>(name, NpgsqlDbType.Array | elementType) { TypedValue = column });
}
