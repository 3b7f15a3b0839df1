using System.Collections.Immutable;
using System.Diagnostics;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

// A throughput harness, not a BenchmarkDotNet suite: what matters is appends per second with many appenders in flight,
// which an iteration-based benchmark cannot drive. It creates a scratch database on the server the tests use and
// drops it at the end.
// Run: source /tmp/testenv.sh && dotnet run -c Release --project bench/Storage.Benchmarks -- [seconds=10] [appenders=256] [fenced]
// "fenced" appends as a cluster silo does (each batch conditional on, and share-locking, the silo's membership row);
// either way the silo's heartbeat, which updates that row, is timed meanwhile.
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var appenders = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 256;
var fenced = args.Length > 2 && args[2] == "fenced";
var server = Environment.GetEnvironmentVariable("FRAUDACTORS_TEST_POSTGRES")
    ?? throw new InvalidOperationException("Set FRAUDACTORS_TEST_POSTGRES (source /tmp/testenv.sh).");
var name = $"fa_bench_{Guid.NewGuid():N}";
await using (var admin = NpgsqlDataSource.Create(server))
{
    await using var create = admin.CreateCommand($"CREATE DATABASE {name};");
    await create.ExecuteNonQueryAsync();
}

try
{
    var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    await using var database = new PostgresDatabase(connectionString);
    var table = new PostgresMembershipTable(database, "bench");
    var silo = new SiloAddress("127.0.0.1", 11111, DateTimeOffset.UtcNow.UtcTicks);
    await table.InitializeAsync(CancellationToken.None);
    await table.TrySetStatusAsync(silo, MembershipStatus.Active, (await table.ReadAsync(CancellationToken.None)).Version, CancellationToken.None);
    var fence = new SiloFence("bench", silo, reason => throw new InvalidOperationException(reason));
    await CompareInsertsAsync(database, fence);
    await MeasureThroughputAsync(database, TimeSpan.FromSeconds(seconds), appenders, table, fenced ? fence : null);
}
finally
{
    await using var admin = NpgsqlDataSource.Create(server);
    await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    await drop.ExecuteNonQueryAsync();
}

static LoggedDecision Decision(string id, long i)
{
    var features = FeatureSchema.Names.Select((feature, f) => new FeatureValue(feature, (i % 1000) + (f * 0.5))).ToImmutableArray();
    ImmutableArray<Reason> reasons = [new(features[2].Name, features[2].Value, 0.75), new(features[0].Name, features[0].Value, -0.5), new(features[9].Name, features[9].Value, 0.1)];
    var at = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i * 37);
    return new LoggedDecision(
        new ScoreRequest(id, $"c-{i % 100_000}", $"t-{i % 10_000}", 1_000 + (i % 50_000), at),
        new ScoreResult(id, 0.01, FraudActors.Grains.Interfaces.Decision.Approve, "model-7", reasons, ExplanationMethod.PathAttribution, features, at.AddMilliseconds(3), Replayed: false));
}

static async Task MeasureThroughputAsync(PostgresDatabase database, TimeSpan duration, int appenders, PostgresMembershipTable table, SiloFence? fence)
{
    var silo = fence?.Silo ?? (await table.ReadAsync(CancellationToken.None)).Entries[0].Silo;
    var fenced = fence is not null;

    await using var log = await PostgresDecisionLog.CreateAsync(database, new PostgresDecisionLogOptions(), NullLogger.Instance, CancellationToken.None, fence);
    long next = 10_000_000;
    long appended = 0;
    await log.AppendAsync(Decision("warm-up", 0), CancellationToken.None);
    var latencies = new List<double>[appenders];
    var batchesBefore = log.BatchesCommitted;
    var stopwatch = Stopwatch.StartNew();
    var heartbeats = new List<double>();
    var heartbeating = Task.Run(async () =>
    {
        // As the membership service does, only more often; when fenced, each waits for the batches holding the row's
        // share lock.
        while (stopwatch.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await table.HeartbeatAsync(silo, CancellationToken.None);
            heartbeats.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(50);
        }
    });
    await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
    {
        var mine = latencies[a] = [];
        while (stopwatch.Elapsed < duration)
        {
            var i = Interlocked.Increment(ref next);
            var started = Stopwatch.GetTimestamp();
            if (await log.AppendAsync(Decision($"tx-{i}", i), CancellationToken.None) == AppendOutcome.Appended)
            {
                Interlocked.Increment(ref appended);
            }

            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    var elapsed = stopwatch.Elapsed;
    var batches = log.BatchesCommitted - batchesBefore;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Console.WriteLine(
        $"Throughput: {appenders} appenders, {elapsed.TotalSeconds:0.0} s: {appended / elapsed.TotalSeconds:#,0} appends/s, " +
        $"{batches} commits ({(double)appended / batches:0.0} per commit), latency p50 {all[all.Length / 2]:0.00} ms, p99 {all[(int)(all.Length * 0.99)]:0.00} ms" +
        (fenced ? ", fenced" : ", unfenced"));
    await heartbeating;
    if (heartbeats.Count > 0)
    {
        var sorted = heartbeats.Order().ToArray();
        Console.WriteLine(
            $"Heartbeats of the appending silo meanwhile: {sorted.Length}, p50 {sorted[sorted.Length / 2]:0.00} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.00} ms, max {sorted[^1]:0.00} ms");
    }
}

// One connection, fresh ids each time: the cost of one batch by the log's statement (unnest) against binary COPY into
// a staging table and INSERT ... SELECT from it (the other way to send many rows in few round trips).
static async Task CompareInsertsAsync(PostgresDatabase database, SiloFence fence)
{
    await using (await PostgresDecisionLog.CreateAsync(database, new PostgresDecisionLogOptions(), NullLogger.Instance, CancellationToken.None))
    {
    }

    await using var connection = await database.DataSource.OpenConnectionAsync();
    await using (var staging = new NpgsqlCommand(
        """
        CREATE TEMP TABLE staging ON COMMIT DELETE ROWS AS
            SELECT transaction_id, customer_id, terminal_id, amount_cents, event_time, event_time_ticks, event_offset_minutes,
                score, decision, explanation, model_version, feature_schema_id, features, reasons,
                decided_at, decided_at_ticks, decided_offset_minutes, shadow_model_version, shadow_score, shadow_decision
            FROM decisions WITH NO DATA;
        INSERT INTO feature_schemas (names_hash, names) VALUES ('\x00', '{}');
        """,
        connection))
    {
        await staging.ExecuteNonQueryAsync();
    }

    long next = 0;
    Console.WriteLine("Batch insert, mean ms per batch (rows/s): unnest INSERT, the same fenced, vs binary COPY + INSERT SELECT");
    foreach (var size in new[] { 1, 16, 128, 512, 2000 })
    {
        var iterations = Math.Max(20, 20_000 / size);
        var unnest = await TimeAsync(iterations, () => InsertAsync(null));
        var unnestFenced = await TimeAsync(iterations, () => InsertAsync(fence));
        var copy = await TimeAsync(iterations, async () =>
        {
            var rows = Pending(size, ref next);
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var importer = await connection.BeginBinaryImportAsync("COPY staging FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows)
                {
                    await WriteRowAsync(importer, row);
                }

                await importer.CompleteAsync();
            }

            await using (var insert = new NpgsqlCommand("INSERT INTO decisions (transaction_id, customer_id, terminal_id, amount_cents, event_time, event_time_ticks, event_offset_minutes, score, decision, explanation, model_version, feature_schema_id, features, reasons, decided_at, decided_at_ticks, decided_offset_minutes, shadow_model_version, shadow_score, shadow_decision) SELECT * FROM staging ON CONFLICT (transaction_id) DO NOTHING RETURNING transaction_id;", connection, transaction))
            await using (var reader = await insert.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                }
            }

            await transaction.CommitAsync();
        });
        Console.WriteLine(
            $"  {size,5} rows: unnest {unnest:0.000} ms ({size / unnest * 1000:#,0}/s), fenced {unnestFenced:0.000} ms ({size / unnestFenced * 1000:#,0}/s), " +
            $"COPY {copy:0.000} ms ({size / copy * 1000:#,0}/s)");

        async Task InsertAsync(SiloFence? fence)
        {
            var batch = new PostgresDecisionBatch();
            foreach (var pending in Pending(size, ref next))
            {
                batch.Add(pending);
            }

            await using var command = new NpgsqlCommand(fence is null ? PostgresDecisionLogSchema.InsertBatch : PostgresDecisionLogSchema.FencedInsertBatch, connection);
            batch.Bind(command.Parameters);
            fence?.AddParameters(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }
    }
}

static List<PostgresPendingAppend> Pending(int size, ref long next)
{
    var list = new List<PostgresPendingAppend>(size);
    for (var r = 0; r < size; r++)
    {
        var i = ++next;
        var decision = Decision($"cmp-{i}", i);
        var features = new byte[decision.Result.Features.Length * sizeof(double)];
        DecisionBlobs.WriteFeatures(features, decision.Result.Features);
        var reasons = new byte[decision.Result.Reasons.Length * DecisionBlobs.BytesPerReason];
        DecisionBlobs.WriteReasons(reasons, decision.Result.Reasons, decision.Result.Features, decision.Request.TransactionId);
        list.Add(new PostgresPendingAppend(decision, 1, features, reasons, CancellationToken.None));
    }

    return list;
}

static async Task WriteRowAsync(NpgsqlBinaryImporter importer, PostgresPendingAppend row)
{
    var (request, result) = (row.Decision.Request, row.Decision.Result);
    var at = PostgresInstant.From(request.Timestamp);
    var decided = PostgresInstant.From(result.DecidedAt);
    await importer.StartRowAsync();
    await importer.WriteAsync(request.TransactionId, NpgsqlDbType.Text);
    await importer.WriteAsync(request.CustomerId, NpgsqlDbType.Text);
    await importer.WriteAsync(request.TerminalId, NpgsqlDbType.Text);
    await importer.WriteAsync(request.AmountCents, NpgsqlDbType.Bigint);
    await importer.WriteAsync(at.Utc, NpgsqlDbType.TimestampTz);
    await importer.WriteAsync(at.SubMicrosecondTicks, NpgsqlDbType.Smallint);
    await importer.WriteAsync(at.OffsetMinutes, NpgsqlDbType.Smallint);
    await importer.WriteAsync(result.Score, NpgsqlDbType.Double);
    await importer.WriteAsync((short)result.Decision, NpgsqlDbType.Smallint);
    await importer.WriteAsync((short)result.Explanation, NpgsqlDbType.Smallint);
    await importer.WriteAsync(result.ModelVersion, NpgsqlDbType.Text);
    await importer.WriteAsync(row.SchemaId, NpgsqlDbType.Bigint);
    await importer.WriteAsync(row.Features, NpgsqlDbType.Bytea);
    await importer.WriteAsync(row.Reasons, NpgsqlDbType.Bytea);
    await importer.WriteAsync(decided.Utc, NpgsqlDbType.TimestampTz);
    await importer.WriteAsync(decided.SubMicrosecondTicks, NpgsqlDbType.Smallint);
    await importer.WriteAsync(decided.OffsetMinutes, NpgsqlDbType.Smallint);
    await importer.WriteNullAsync();
    await importer.WriteNullAsync();
    await importer.WriteNullAsync();
}

static async Task<double> TimeAsync(int iterations, Func<Task> batch)
{
    for (var i = 0; i < Math.Min(5, iterations); i++)
    {
        await batch();
    }

    var stopwatch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        await batch();
    }

    return stopwatch.Elapsed.TotalMilliseconds / iterations;
}
